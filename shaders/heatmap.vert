#version 300 es
// A screen-space quad from gl_VertexID (no vertex buffer): corners u_rect = (x0, y0, x1, y1) in clip space.
uniform vec4 u_rect;
uniform vec4 u_uv;  // texture sub-rectangle (u0, v0, u1, v1): one tile of an atlas
out vec2 v_uv;
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  v_uv = mix(u_uv.xy, u_uv.zw, corner);
  gl_Position = vec4(mix(u_rect.xy, u_rect.zw, corner), 0.0, 1.0);
}
