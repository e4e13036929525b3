#version 300 es
// Colour-maps a float texture (R32F): linear or log scale, viridis/cividis (sequential) or coolwarm (diverging).
// Must match src/core/colormap.cpp, which draws the legends.
precision highp float;
uniform highp sampler2D u_values;
uniform vec2 u_range;    // value at t = 0 and t = 1
uniform int u_map;       // 0 = viridis, 1 = coolwarm (diverging), 2 = cividis
uniform int u_log;       // 1: t = log(v / lo) / log(hi / lo)
uniform float u_alpha;
in vec2 v_uv;
out vec4 frag;

vec3 viridis(float t) {
  const vec3 c0 = vec3(0.2777273272234177, 0.005407344544966578, 0.3340998053353061);
  const vec3 c1 = vec3(0.1050930431085774, 1.404613529898575, 1.384590162594685);
  const vec3 c2 = vec3(-0.3308618287255563, 0.214847559468213, 0.09509516302823659);
  const vec3 c3 = vec3(-4.634230498983486, -5.799100973351585, -19.33244095627987);
  const vec3 c4 = vec3(6.228269936347081, 14.17993336680509, 56.69055260068105);
  const vec3 c5 = vec3(4.776384997670288, -13.74514537774601, -65.35303263337234);
  const vec3 c6 = vec3(-5.435455855934631, 4.645852612178535, 26.3124352495832);
  return c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6)))));
}

vec3 coolwarm(float t) {
  vec3 k0 = vec3(0.230, 0.299, 0.754), k1 = vec3(0.552, 0.690, 0.996), k2 = vec3(0.865, 0.865, 0.865),
       k3 = vec3(0.958, 0.604, 0.482), k4 = vec3(0.706, 0.016, 0.150);
  float s = t * 4.0;
  if (s < 1.0) return mix(k0, k1, s);
  if (s < 2.0) return mix(k1, k2, s - 1.0);
  if (s < 3.0) return mix(k2, k3, s - 2.0);
  return mix(k3, k4, s - 3.0);
}

const vec3 kCividis[17] = vec3[17](
vec3(0.0000, 0.1351, 0.3048),
vec3(0.0000, 0.1788, 0.4148),
vec3(0.1034, 0.2204, 0.4358),
vec3(0.1951, 0.2644, 0.4259),
vec3(0.2637, 0.3078, 0.4228),
vec3(0.3242, 0.3513, 0.4263),
vec3(0.3808, 0.3952, 0.4357),
vec3(0.4352, 0.4398, 0.4511),
vec3(0.4887, 0.4853, 0.4710),
vec3(0.5441, 0.5289, 0.4719),
vec3(0.6052, 0.5768, 0.4644),
vec3(0.6680, 0.6262, 0.4493),
vec3(0.7324, 0.6774, 0.4257),
vec3(0.7985, 0.7306, 0.3926),
vec3(0.8664, 0.7860, 0.3466),
vec3(0.9367, 0.8438, 0.2809),
vec3(0.9957, 0.9093, 0.2178));

vec3 cividis(float t) {
  float s = t * 16.0;
  int i = min(int(s), 15);
  return mix(kCividis[i], kCividis[i + 1], s - float(i));
}

void main() {
  float v = texture(u_values, v_uv).r;
  float t;
  if (u_log == 1) t = log(max(v, u_range.x) / u_range.x) / log(u_range.y / u_range.x);
  else t = (v - u_range.x) / (u_range.y - u_range.x);
  t = clamp(t, 0.0, 1.0);
  vec3 c = u_map == 1 ? coolwarm(t) : u_map == 2 ? cividis(t) : viridis(t);
  frag = vec4(clamp(c, 0.0, 1.0), u_alpha);
}
