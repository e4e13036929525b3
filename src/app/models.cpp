// Loading a model: a ViT-VIS .onnx (download -> contract check -> ORT session), or a checkpoint
// (config.json -> model.safetensors, kept in the browser -> the graph built here from its header ->
// ORT session reading the weights as external data). Whatever was shown before stays until the new
// model is up; a failure or a cancel leaves it untouched. Also the user's files and hub model ids.
#include "app/catalog.h"
#include "app/i18n.h"
#include "app/internal.h"
#include "exif.h"
#include "json.h"
#include "onnx_model_info.h"
#include "platform/browser.h"
#include "safetensors.h"
#include "vit_graph.h"

namespace vitvis {
namespace {

// Models up to this size get the q/k/v outputs the step-through recomputes attention from; for bigger
// ones those outputs would cost more per inference than the step-through is worth (export_vit.py --no-qkv).
constexpr double kQkvUpToBytes = 120e6;

void load_failed(App& app, const ModelEntry& e, int kept_fetch, const std::string& msg) {
  if (kept_fetch) platform::drop_kept(kept_fetch);
  app.pending_model = -1;
  app.loading_fetch = 0;
  const bool hub = e.id.rfind("hf:", 0) == 0;
  app.failed_hub = hub ? e.id : std::string();
  forget_user_model(app, e);
  if (app.model) {
    set_error(app, format(T("%s Still showing %s."), msg.c_str(), app.model->spec.name.c_str()));
    return;
  }
  // The link's model (a hub id, a file on this site) did not load and nothing is shown yet: the bundled
  // default takes its place, the message says what failed and what to try, and the address bar keeps
  // naming what was asked, so that a reload tries it again.
  if (app.models.empty() || app.models[0].id == e.id) {
    set_error(app, msg);
    return;
  }
  const char* next =
      hub ? T("Check the model's name, try the other hub (From Hugging Face…), or download its files and open them with \"Open…\".")
          : T("Check the link, or download the file and open it with \"Open…\".");
  app.notice = format(T("%s Showing %s instead. %s"), msg.c_str(), app.models[0].name.c_str(), next);
  if (!app.url.model.empty()) app.asked_model = app.url.model;
  load_model(app, 0);
}

// A checkpoint the builder refuses (unsupported, inconsistent): the reason in the message.
void refuse(App& app, const ModelEntry& e, int kept_fetch, const std::string& why) {
  load_failed(app, e, kept_fetch, format(T("%s cannot be shown: %s."), e.name.c_str(), why.c_str()));
}

// The graph's metadata and outputs checked against the contract (also for graphs built here).
bool spec_of(const ModelEntry& e, std::span<const uint8_t> graph, ModelSpec* spec, std::string* msg) {
  std::string err;
  auto info = parse_onnx_model_info(graph, &err);
  if (!info) {
    *msg = format(T("%s is %s."), e.name.c_str(), err.c_str());
    return false;
  }
  std::vector<std::string> errors;
  if (model_spec_from_onnx(*info, spec, &errors)) return true;
  *msg = format(T("%s does not fit the ViT-VIS model contract: %s"), e.name.c_str(), errors[0].c_str());
  if (errors.size() > 1) *msg += format(T(" (+%d more)"), int(errors.size() - 1));
  return false;
}

// The new model replaces the old one (its session released, the user's images carried over).
void adopt_model(App& app, const ModelEntry& entry, ModelSpec spec, int session, double size) {
  app.pending_model = -1;
  if (entry.id == app.failed_hub) app.failed_hub.clear();  // it loads now (from the other hub)
  if (entry.checkpoint() && !entry.user_file) refresh_downloaded(app);  // it is kept now
  if (app.model) {
    platform::release_session(app.model->session);
    for (auto& smp : app.model->samples)
      if (smp->uploaded) app.carried.push_back(std::move(smp));
  }
  auto m = std::make_unique<LoadedModel>();
  m->entry = entry;
  m->spec = std::move(spec);
  m->session = session;
  m->file_bytes = size;
  if (app.model) app.url_applied = true;   // a model switch: the link's selection was for the first one
  if (app.model) app.asked_model.clear();  // another model chosen: the link names it now
  app.model = std::move(m);
  app.shown.reset();
  app.running.reset();
  app.sel = Selection{};
  reset_whatif(app);
  reset_own_classes(app);
  app.queued_image = -1;
  if (entry.user_file && !app.model->spec.name.empty())  // the picker names the model, not its file
    for (ModelEntry& e : app.models)
      if (e.id == entry.id) e.name = app.model->entry.name = app.model->spec.name;
  set_info(app, [n = app.model->spec.name] { return format(T("Loaded %s."), n.c_str()); });
  if (!app.notice.empty()) set_error(app, app.notice);  // e.g. a ?model= that did not exist
  app.notice.clear();
  if (!entry.samples.empty()) {
    load_samples(app, entry.samples);
    return;
  }
  if (app.model->spec.channels == 3 && !app.photos.empty()) {  // an RGB model of its own: free photos
    load_samples(app, app.photos);
    return;
  }
  append_carried(app);
  if (!app.model->samples.empty()) {
    select_image(app, 0);
  } else {  // nothing to show yet: the (blank) drawing pad, so every module has a result
    app.drawing.active = true;
    set_info(app, [n = app.model->spec.name] {
      return format(T("Loaded %s. It has no sample images: draw one, or open your own."), n.c_str());
    });
    run_drawing(app);
  }
  apply_link_selection(app);
}

platform::SessionDone session_ready(App& app, const ModelEntry& entry, const ModelSpec& spec, double size) {
  return [&app, entry, spec, size](int session, std::string err) {
    if (session <= 0)
      return load_failed(app, entry, 0,
                         format(T("ONNX Runtime could not open %s: %s"), entry.name.c_str(), err.c_str()));
    adopt_model(app, entry, spec, session, size);
  };
}

platform::FetchProgress progress(App& app) {
  return [&app](double r, double t) {
    app.load_received = r;
    app.load_total = t;
  };
}

std::string download_error(const ModelEntry& e, const std::string& err) {
  if (err == "cancelled") return format(T("Stopped loading %s."), e.name.c_str());
  return format(T("Could not download model %s: %s."), e.name.c_str(), err.c_str());
}

void load_onnx(App& app, const ModelEntry& entry) {
  auto fetch_id = std::make_shared<int>(0);
  *fetch_id = app.loading_fetch = platform::fetch_bytes_kept(
      entry.file, progress(app), [&app, entry, fetch_id](bool ok, platform::Bytes bytes, std::string err) {
        app.loading_fetch = 0;
        if (!ok) return load_failed(app, entry, *fetch_id, download_error(entry, err));
        ModelSpec spec;
        std::string msg;
        if (!spec_of(entry, bytes, &spec, &msg)) return load_failed(app, entry, *fetch_id, msg);
        const double size = double(bytes.size());
        bytes = {};  // the browser kept its own copy for the session
        set_info(app, [n = spec.name] { return format(T("Starting ONNX Runtime for %s…"), n.c_str()); });
        platform::create_session_from_fetch(*fetch_id, session_ready(app, entry, spec, size));
      });
}

// The graph from the checkpoint's header, then the session with the kept weights as its external data.
void build_session(App& app, const ModelEntry& entry, const VitCheckpointInfo& info, const SafetensorsHeader& st,
                   double size, int fetch_id) {
  std::string err;
  VitGraphOptions opt;
  opt.with_qkv = size <= kQkvUpToBytes;
  opt.name = entry.name;
  opt.source = entry.source;
  opt.description = entry.description;
  auto graph = build_vit_graph(info, st, opt, &err);
  if (!graph) return refuse(app, entry, fetch_id, err);
  ModelSpec spec;
  std::string msg;
  if (!spec_of(entry, *graph, &spec, &msg)) return load_failed(app, entry, fetch_id, msg);
  set_info(app, [n = spec.name] { return format(T("Starting ONNX Runtime for %s…"), n.c_str()); });
  platform::create_session_with_weights(*graph, fetch_id, opt.weights_file, session_ready(app, entry, spec, size));
}

// model.safetensors: only its header comes into the heap; the graph is built from it.
void load_weights(App& app, const ModelEntry& entry, const std::string& config, const std::string& preprocessor) {
  set_info(app, [n = entry.name] { return format(T("Downloading %s…"), n.c_str()); });
  auto fetch_id = std::make_shared<int>(0);
  *fetch_id = app.loading_fetch = platform::fetch_kept_header(
      entry.file, progress(app),
      [&app, entry, config, preprocessor, fetch_id](bool ok, platform::Bytes header, double size, std::string err) {
        app.loading_fetch = 0;
        if (!ok) {
          if (err.rfind("HTTP 404", 0) == 0)
            err = T("there is no model.safetensors (a repository with only pytorch_model.bin cannot be read here)");
          return load_failed(app, entry, *fetch_id, download_error(entry, err));
        }
        auto st = parse_safetensors_header(header, uint64_t(size), &err);
        if (!st) return refuse(app, entry, *fetch_id, err);
        auto info = read_vit_checkpoint(config, *st, preprocessor, &err);
        if (!info) return refuse(app, entry, *fetch_id, err);
        if (info->labels.empty() && info->num_classes == 1000 && !app.imagenet_labels.empty()) {
          // A 1000-class checkpoint that names none (timm): ImageNet-1k's names (models/imagenet-1k.json).
          platform::fetch_bytes(
              app.imagenet_labels, nullptr,
              [&app, entry, info = *info, st = *st, size, fetch_id](bool ok, platform::Bytes b, std::string) {
                VitCheckpointInfo named = info;
                std::string err;
                if (auto j = ok ? parse_json(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()), &err)
                                : std::nullopt;
                    j && j->is_array() && j->array.size() == 1000)
                  for (const Json& n : j->array) named.labels.push_back(n.is_string() ? n.string : "");
                build_session(app, entry, named, st, size, *fetch_id);
              });
          return;
        }
        build_session(app, entry, *info, *st, size, *fetch_id);
      });
}

void load_checkpoint(App& app, const ModelEntry& entry) {
  set_info(app, [n = entry.name] { return format(T("Reading %s…"), n.c_str()); });
  platform::fetch_bytes(entry.config, nullptr, [&app, entry](bool ok, platform::Bytes bytes, std::string err) {
    if (!ok)
      return load_failed(app, entry, 0,
                         format(T("Could not read %s's config.json: %s."), entry.name.c_str(), err.c_str()));
    std::string config(bytes.begin(), bytes.end()), why;
    // Refused from config.json alone, before the big download.
    if (!vit_config_supported(config, &why)) return refuse(app, entry, 0, why);
    // timm repositories keep their preprocessing in config.json (pretrained_cfg) and have no processor file.
    if (entry.preprocessor.empty() || vit_config_is_timm(config)) return load_weights(app, entry, config, "");
    platform::fetch_bytes(entry.preprocessor, nullptr, [&app, entry, config](bool ok, platform::Bytes b, std::string) {
      // Optional: without it the model type's defaults apply.
      load_weights(app, entry, config, ok ? std::string(b.begin(), b.end()) : std::string());
    });
  });
}

// Up to this size stb decodes the user's image; bigger ones go to the browser's decoder. A photo is kept
// reduced by keep_factor(w, h, kKeepSide) (a 12-megapixel one as 2016 x 1512): enough for any model's
// input (ViT-L/384 crops 384), and a tenth of the memory on a phone (docs/model-format.md).
constexpr int64_t kStbPixels = 2'000'000;
constexpr int kKeepSide = 1024;
constexpr double kHeadBytes = 256 * 1024;  // holds a JPEG's EXIF (≤ 64 KB) and its frame header after it

void image_refused(App& app, const std::string& msg) {
  app.decoding = std::max(0, app.decoding - 1);
  set_error(app, app.model ? format(T("%s The previous image stays."), msg.c_str()) : msg);
}

void unreadable(App& app, const std::string& shown, const std::string& why) {
  image_refused(app, format(T("%s is not an image the app can read: %s"), shown.c_str(), why.c_str()));
}

void add_user_image(App& app, const std::string& shown, RgbaImage img) {
  app.decoding = std::max(0, app.decoding - 1);
  if (!app.model) return;
  if (const int k = keep_factor(img.width, img.height, kKeepSide); k > 1)
    img = reduce_image(img, k);  // (stb's big ones)
  auto s = std::make_unique<Sample>();
  s->image = std::move(img);
  s->uid = app.next_uid++;
  s->file = s->name = shown;
  s->loaded = s->uploaded = true;
  app.model->samples.push_back(std::move(s));
  set_info(app, [shown] { return format(T("Opened %s."), shown.c_str()); });
  if (app.camera.active) stop_camera(app);
  app.drawing.active = false;
  Sample& added = *app.model->samples.back();
  select_image(app, int(app.model->samples.size()) - 1);
  // Now, while the worker runs the model: a big photo's thumbnail made later would hold up the first
  // frame after the result.
  added.thumb = shrink_image(added.image, kThumbSide);
}

// A whole image file through stb (PNG, JPEG, GIF, BMP, …: what the native tests decode).
void decode_with_stb(App& app, const std::string& shown, platform::Bytes bytes) {
  RgbaImage img;
  std::string err;
  if (!decode_image(bytes, &img, &err)) return unreadable(app, shown, err);
  add_user_image(app, shown, std::move(img));
}

// The whole file read, then decoded by stb.
void read_with_stb(App& app, const std::string& url, const std::string& shown) {
  platform::fetch_bytes(url, nullptr, [&app, shown](bool ok, platform::Bytes bytes, std::string err) {
    if (!ok) return image_refused(app, format(T("Could not read %s: %s."), shown.c_str(), err.c_str()));
    decode_with_stb(app, shown, std::move(bytes));
  });
}

// One file: an .onnx becomes a model, anything else an image.
void open_user_file(App& app, const std::string& url, const std::string& name, double size) {
  const std::string shown = shown_name(name);
  if (ends_with_ci(name, ".onnx")) {
    if (app.pending_model >= 0) {
      set_error(app, format(T("Still loading a model; open %s again in a moment."), shown.c_str()));
      return;
    }
    ModelEntry m;
    m.id = url;  // "userfile:<n>": unique for the session
    m.name = shown;
    m.file = url;
    m.bytes = size;
    m.user_file = true;
    m.description = format(T("Your model %s (this session only)."), shown.c_str());
    app.models.push_back(m);
    load_model(app, int(app.models.size()) - 1);
    return;
  }
  if (!app.model) {
    set_error(app, T("Wait for a model to load before opening an image."));
    return;
  }
  app.decoding++;
  set_info(app, [shown] { return format(T("Opening %s…"), shown.c_str()); });
  // Its first bytes tell the format, the size and the orientation; a big photo is not read any further
  // here (the browser's decoder reads the file itself, so the bytes are not copied twice).
  platform::fetch_head(
      url, kHeadBytes, [&app, url, shown](bool ok, platform::Bytes head, double size, std::string err) {
        if (!ok) return image_refused(app, format(T("Could not read %s: %s."), shown.c_str(), err.c_str()));
        // stb decodes what it reads exactly as natively tested (EXIF orientation included). Big photos and
        // every other format (WebP, AVIF, …) go to the browser's decoder, which turns them upright too and
        // decodes a big photo straight to the size it is kept at.
        const ImageHeader h = read_image_header(head);
        const DecodeLimits limits;
        if (h.known && int64_t(h.width) * h.height <= kStbPixels) {
          if (double(head.size()) >= size) return decode_with_stb(app, shown, std::move(head));
          return read_with_stb(app, url, shown);
        }
        // The size as shown (orientations 5-8 turn a quarter), for the browser to decode straight to the kept size.
        platform::ImageSize shown_size;
        if (h.known) {
          if (std::string e = image_size_error(h.width, h.height, limits); !e.empty()) return unreadable(app, shown, e);
          const int orientation = h.jpeg ? jpeg_exif_orientation(head) : 0;
          shown_size = {h.width, h.height, orientation};
          if (orientation >= 5) std::swap(shown_size.width, shown_size.height);
        }
        platform::decode_image(url, limits, kKeepSide, shown_size,
                               [&app, url, shown, known = h.known](bool ok, RgbaImage img, std::string err) {
                                 if (ok) return add_user_image(app, shown, std::move(img));
                                 if (!known) {
                                   err = format(T("it is none of the formats this browser reads (%s)"),
                                                platform::image_formats().c_str());
                                   return unreadable(app, shown, err);
                                 }
                                 read_with_stb(app, url, shown);  // a browser without createImageBitmap
                               });
      });
}

}  // namespace

void load_model(App& app, int index) {
  if (index < 0 || index >= int(app.models.size()) || app.pending_model >= 0) return;
  app.pending_model = index;
  app.load_received = app.load_total = 0;
  const ModelEntry entry = app.models[size_t(index)];
  set_info(app, [n = entry.name] { return format(T("Downloading %s…"), n.c_str()); });
  if (entry.checkpoint())
    load_checkpoint(app, entry);
  else
    load_onnx(app, entry);
}

void cancel_loading(App& app) {
  if (app.loading_fetch) platform::cancel_fetch(app.loading_fetch);
}

void refresh_downloaded(App& app) {
  platform::list_cached_files([&app](std::string json) { app.downloaded = group_downloads(json); });
}

void delete_downloaded(App& app, const std::string& prefix) {
  platform::delete_cached_files(prefix, [&app] {
    set_info(app, [] { return std::string(T("Deleted the downloaded copy.")); });
    refresh_downloaded(app);
  });
}

bool retry_from_other_hub(App& app) {
  if (app.failed_hub.empty() || app.hub.bases.size() < 2) return false;
  app.hub.base = (app.hub.base + 1) % int(app.hub.bases.size());
  return load_hub_model(app, app.failed_hub.substr(3));
}

bool load_hub_model(App& app, const std::string& text) {
  HubModelId id;
  if (!parse_hub_model_id(text, &id, false)) {
    set_error(app, format(T("'%s' is not a Hugging Face model id (owner/name, or owner/name@revision)."),
                          shown_name(text).c_str()));
    return false;
  }
  if (app.pending_model >= 0) {
    set_error(app, T("Still loading a model; try again in a moment."));
    return false;
  }
  int index = find_model(app.models, id.link());
  const HubBase& base = app.hub.bases[size_t(std::clamp(app.hub.base, 0, int(app.hub.bases.size()) - 1))];
  double bytes = 0;
  for (const HubModel& m : app.hub.models)
    if (m.id == id.repo()) bytes = m.bytes;
  if (index <= 0 && (app.models.empty() || app.models[0].id != id.link())) {
    app.models.push_back(hub_model_entry(id, base.url, bytes));
    index = int(app.models.size()) - 1;
  } else if (index > 0 && app.models[size_t(index)].config.rfind(base.url + "/", 0) != 0) {
    app.models[size_t(index)] = hub_model_entry(id, base.url, bytes);  // listed from the other hub: from this one now
  }
  load_model(app, index);
  return true;
}

void open_user_files(App& app, const std::vector<platform::UserFile>& files) {
  const platform::UserFile *weights = nullptr, *config = nullptr, *preprocessor = nullptr;
  for (const platform::UserFile& f : files) {
    if (ends_with_ci(f.name, ".safetensors"))
      weights = &f;
    else if (ends_with_ci(f.name, "preprocessor_config.json"))
      preprocessor = &f;
    else if (ends_with_ci(f.name, "config.json"))
      config = &f;
  }
  if (weights || config) {
    if (!weights || !config) {
      set_error(
          app,
          T("A checkpoint is config.json and model.safetensors together (and preprocessor_config.json if it has one): open or drop them at once."));
      return;
    }
    if (app.pending_model >= 0) {
      set_error(app, T("Still loading a model; try again in a moment."));
      return;
    }
    ModelEntry m;
    m.id = weights->url;  // "userfile:<n>": unique for the session
    m.name = format(T("Your checkpoint %s"), shown_name(weights->name).c_str());
    m.file = weights->url;
    m.config = config->url;
    m.preprocessor = preprocessor ? preprocessor->url : "";
    m.bytes = weights->size;
    m.user_file = true;
    m.source = format(T("Your files %s + %s (this session only)."), shown_name(config->name).c_str(),
                      shown_name(weights->name).c_str());
    m.description = m.source;
    if (app.training.exploring) {  // the model trained in the Training window, with held-out images as samples
      app.training.exploring = false;
      m.name = format(T("Your trained ViT (step %d)"), app.training.step);
      m.samples = app.training.samples;
      m.source = m.description = T("Trained in this browser (Train a ViT); this session only.");
    }
    app.models.push_back(m);
    load_model(app, int(app.models.size()) - 1);
    return;
  }
  for (const platform::UserFile& f : files) {
    if (ends_with_ci(f.name, ".json")) {  // a lesson (#34), or a head the student trained and saved (#20)
      platform::fetch_bytes(f.url, nullptr, [&app, name = f.name](bool ok, platform::Bytes b, std::string err) {
        if (!ok) return set_error(app, format(T("Could not read the file: %s"), err.c_str()));
        const std::string_view text(reinterpret_cast<const char*>(b.data()), b.size());
        if (text.find("\"vitvis_lesson\"") != std::string_view::npos) {
          app.incoming_lesson.assign(text);
          app.incoming_lesson_from = shown_name(name);
          return;
        }
        load_own_head(app, text);
      });
      continue;
    }
    open_user_file(app, f.url, f.name, f.size);
  }
}

}  // namespace vitvis
