// The test probe's view side: the screen rectangles (CSS pixels) of what tests click, hover and
// measure, refilled by the views every frame. src/shell/probe.cpp serialises it, with the app's state,
// for window.vitvis.state(); its JSON keys are an interface that tests and tools read.
#pragma once
#include <string>
#include <vector>

namespace vitvis {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
};

struct Probe {
  Rect image;                              // the input image with its patch grid
  std::vector<Rect> thumbs;                // sample thumbnails
  std::vector<Rect> top_rows;              // prediction rows, top-1 first
  std::vector<Rect> top_labels, top_bars;  // their label text as drawn, and their probability bars
  struct DrawnRow {
    std::string label, number;  // the strings drawn: the (maybe shortened) label, the bar's number
    float number_w = 0;         // the number's text width (its bar is wider: it is never clipped)
  };
  std::vector<DrawnRow> top_texts;
  Rect phone_top;                       // a phone: the top three above the tabs
  std::vector<DrawnRow> phone_top_texts;  // what its cells say
  int top_labels_shortened = 0;            // how many of those labels end in "…" (did not fit)
  int lens_marked = 0;                     // logit lens cells in colour (the class highlighted in (d), else the answer)
  Rect model_combo;
  std::string model_shown;        // the model's name as the picker shows it (shortened with … to fit)
  std::vector<Rect> model_items;  // the open model list
  Rect copy_link, view_button, help_button;
  std::vector<Rect> view_items;            // the open View menu: dark, high contrast, viridis, cividis
  Rect help;                               // the shortcut sheet when shown
  Rect value_panel, value_close;           // a tapped value's panel (or the hint), its Close button
  std::string value_text;                  // the panel's text
  Rect banner, banner_close, hub_error;    // the error banner, its Close button; a failed hub load in its dialog
  std::string banner_text;                 // all it says
  Rect modules[4];                         // (a), (b), (c), (d) windows (zero when not shown)
  Rect overview;                           // the model at a glance (zero: not shown)
  std::vector<Rect> overview_stages;       // image, patches, tokens, class token, answer
  std::vector<std::string> overview_text;  // along the strip: each stage's "title | numbers", the encoder's title
  std::vector<Rect> overview_layers;       // one box per encoder layer
  int overview_heads = 0;                  // head dots drawn in a layer's box
  std::vector<Rect> compare_labels;        // (c): "emb", 1, 2, … under the channel-through-the-layers maps
  std::vector<Rect> head_thumb_labels;     // (b): the text on each head thumbnail
  std::vector<Rect> math_buttons;           // "Show the math" of each open "What happens here?"
  std::vector<std::string> head_patterns;  // (b): each head's pattern in words, under its thumbnail
  Rect verdict;                            // (d): "right" / "wrong" under the classes (true class known)
  Rect blank_warning, rest_line;           // (d): an almost blank input; the near-equal share of the other classes
  std::vector<Rect> module_tabs;           // phones: the tabs (a) (c) (b) (d) that pick the module shown
  std::vector<std::string> module_tab_texts;  // what each says: "name | numbers"
  Rect menu_button;                        // narrow screens: ☰, the top bar's actions in a menu
  Rect status_text;                        // the status line's message as drawn
  Rect save_button, tour_button, insights_button, lang_combo;
  std::vector<Rect> lang_items;
  Rect info_headers[4];
  Rect position_note;                 // Analyses, positions: the embeddings started as sine-cosine codes
  Rect patterns_note;                 // Analyses, head patterns: what "heterogeneous" means when most heads are
  Rect survey_button, survey_cancel;  // Analyses, head patterns: count them on all samples; its Cancel
  Rect card_survey;                   // the card's "Count them" button (not counted yet)
  Rect card_patterns;                 // the model card's row of those counts (once counted)
  Rect survey_richest, card_richest;  // after a survey (Analyses; the card): open the most patterned sample
  std::vector<Rect> thumb_labels;     // (a): the name under each sample thumbnail
  Rect overlay_legend;                // (a): the attention overlay's colour legend
  Rect lens_button;                   // (d): "How did the answer form, layer by layer? Logit lens…"
  Rect lines_caption;                 // (d): which class the lines show
  std::vector<Rect> glossary_terms;   // the terms under the open boxes' formulas, in drawing order
  int glossary_hovered = -1;          // the term whose meaning is shown (Term in info_panels.cpp), or -1
  Rect tour, tour_next, tour_back, tour_leave;  // the tour card and its buttons
  Rect insights;                                // the analyses window
  Rect summaries[4];
  Rect depth_shared;                            // "same colours for every layer" in the depth view                            // the focus layout's summaries of the modules not large
  Rect tour_subject;                            // what the open tour step talks about (the card avoids it)
  std::string tour_text;                        // the open step's title and text as shown
  std::vector<Rect> insights_tabs, pattern_cells, filter_pcs;
  Rect rollout_map, distance_plot, position_grid, token_pca, lens_table, norms_plot;
  Rect distance_key;                 // Analyses > Distance: which dot colour is which head
  Rect norms_line;                   // Analyses > Token norms: the outlier threshold's line (1 px high)
  Rect rollout_discard;              // Analyses > Rollout: the discard slider with its label
  std::vector<Rect> lens_cells;      // the logit lens's class cells: x, y, text width, the cell's width
  std::vector<Rect> save_items;      // the open Save menu
  Rect attention;                    // the N x N matrix heatmap
  Rect attention_a;                  // image A's beside it (compare two images)
  std::vector<Rect> compare_maps_a;  // (c): image A's channel through the layers
  Rect steps_button;                 // (b): opens "Attention up close"
  Rect hover_cell;                   // (b): the hovered matrix cell's marker
  Rect depth_button;                 // (b): opens it at "One head through depth"
  std::vector<Rect> layer_buttons, head_buttons, head_thumbs;
  Rect finer_grid;      // (c): the button loading the catalog's model with a finer grid (index.json "finer")
  Rect all_layers_box;  // (c): "same colours for every layer"
  std::vector<Rect> hidden_buttons;                                        // (c): embedding, after layer 1..L
  std::vector<Rect> channel_tiles;                                         // (c): visible tiles (tile index order)
  int first_tile = 0;                                                      // index of channel_tiles[0]
  std::vector<Rect> compare_maps;                                          // (c): selected channel across hidden states
  Rect pixel_strip, embedding_strip;                                       // (a): selected patch
  Rect mode_samples, mode_draw, open_button, pad, pad_clear;               // (a): input choice, drawing pad
  Rect mode_camera, camera_view, camera_snap, camera_live, camera_switch;  // (a): the camera
  Rect pending;  // (a): the "new image on its way" note over the image
  Rect hide_toggle, hide_fill, hide_undo, hide_reset, show_change;  // (a): what if (#19)
  Rect occlusion_start, occlusion_progress, occlusion_cancel, occlusion_map;
  Rect pin_a, unpin_a;             // (a): compare two images
  Rect compare_line;               // (d): both predictions
  Rect own_button, own_head_line;  // (d): opens "Your own classes"; says which head is in use
  Rect own_window, own_train, own_use, own_save, own_more, own_fewer, own_curve;
  std::vector<Rect> own_names, own_add;  // per class: its name field, its "+ add the image shown"
  Rect strip;                            // (d): the class-token strip
  Rect fold_button;
  bool unfolded = false;
  Rect steps_window, steps_prev, steps_next;  // "Attention up close"
  Rect cancel_load;                           // the top bar's Cancel while a model downloads
  Rect hub_window, hub_input, hub_load;       // "From Hugging Face…"
  Rect share_window, share_copy_link, share_copy_code, share_preview, share_link_box, share_code_box, share_button;
  std::vector<std::string> hub_costs, hub_warnings;  // the hub dialog's estimates, the models it warns about
  Rect banner_mirror;  // the error banner's "Try <the other hub>"
  std::string status_right;  // the status line's right part (timings, or ONNX Runtime's download)
  Rect figure_window, figure_png, figure_svg, figure_light;  // "Figure for slides"
  std::vector<Rect> figure_kinds, figure_scales;
  std::vector<Rect> share_modules;                        // "Share or embed": the whole app, then (a) (c) (b) (d)
  std::string share_link, share_code;          // what its copy buttons copy
  Rect lesson_card, lesson_next, lesson_back, lesson_leave, lesson_words; // a lesson playing
  Rect lesson_editor, lesson_record, lesson_play, lesson_save, lesson_copy, lesson_title_input, lesson_text_input,
      lesson_step_title, lesson_use_view, lesson_button;                  // making one
  std::vector<Rect> lesson_steps, lesson_step_down;                        // the editor's step rows, their ▼
  std::string lesson_text, lesson_note;  // the card's words as drawn (title, then the text); the editor's note
  Rect share_api, share_origin;                // the embed API's checkbox and origin field
  bool share_origin_ok = true;                 // the origin written there is one
  std::vector<Rect> hub_items, hub_bases, downloaded_delete;
  Rect offline_window, offline_download, offline_cancel, offline_progress, offline_summary, offline_badge,
      offline_menu_item;                          // "Make available offline…", the top bar's badge (#35)
  std::vector<Rect> offline_groups, offline_hub;  // its groups' checkboxes, the hub models'
  std::string offline_tip;                        // the badge's tooltip text (while offline)
  std::vector<Rect> step_pills, depth_maps;
  std::vector<Rect> training_experiments;  // "Experiments to try"
  Rect training_timeline, training_latest;  // its "look back" slider, and "Latest" while looking back
  Rect training_window, training_go, training_step, training_new, training_pos, training_button;  // #37
  std::vector<Rect> training_heads, training_pos_items;  // (the position codes' list while open)
  Rect training_pos_combo, training_explore, training_save;
  Rect steps_picture;                 // the image under a short step (zero where there is no room)
  std::vector<Rect> depth_pictures;   // through depth: each layer's row over the image
};

}  // namespace vitvis
