/* lumina-model.c: placeholder, replaced by its implementation. */
#include "lumina-types.h"
