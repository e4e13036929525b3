// Compiles (CTest Layers.AppIncludesItsOwnAndCore): the same include paths reach app and core, so the
// failure of app_includes_ui.cpp is the layer rule and not a wrong path.
#include "app/catalog.h"
#include "core/i18n.h"
#include "model_spec.h"
