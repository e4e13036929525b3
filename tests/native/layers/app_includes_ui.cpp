// Must not compile (CTest Layers.AppCannotIncludeUi, WILL_FAIL): the app layer does not see the views.
#include "app/app.h"
#include "ui/widgets.h"
