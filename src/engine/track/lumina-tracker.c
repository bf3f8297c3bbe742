/* lumina-tracker.c: placeholder, replaced by its implementation. */
#include "lumina-types.h"
