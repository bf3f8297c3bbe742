/* lumina-preprocess-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the preprocessing, labels and model files share.
 */
#pragma once

#include "lumina-preprocess.h"

G_BEGIN_DECLS

/* How one input column becomes output values. */
typedef enum
{
  ENCODE_NUMBER,    /* one value; DENSE: median-imputed, optional indicator */
  ENCODE_CODES,     /* TREES: category code in the fitted level order */
  ENCODE_ONEHOT,    /* DENSE: one output per kept level, optional "other" */
  ENCODE_TARGET,    /* DENSE: smoothed target means per level */
} EncodeKind;

typedef struct
{
  char              *name;
  LuminaColumnType   type;        /* as seen when fitting */
  EncodeKind         kind;
  gboolean           dense;       /* fitted in the DENSE style */

  /* ENCODE_NUMBER (DENSE) */
  double             median;
  gboolean           indicator;   /* training had missing values */

  /* ENCODE_CODES / ENCODE_ONEHOT / ENCODE_TARGET: levels in output order */
  char             **levels;
  guint              n_levels;
  char              *mode;        /* DENSE: most frequent level, imputes missing */
  gboolean           has_other;   /* ONEHOT: pooled rare levels */
  char             **pooled;      /* ONEHOT: the rare levels mapped to "other" */
  guint              n_pooled;
  guint              n_targets;   /* TARGET: values per level */
  double            *encodings;   /* TARGET: n_levels × n_targets */
  double            *prior;       /* TARGET: n_targets, for unseen levels */

  /* Raw outputs this feature writes: [raw_offset, raw_offset + n_raw) */
  guint              raw_offset;
  guint              n_raw;

  GHashTable        *level_index; /* level → output slot + 1; pooled → G_MAXUINT */
} Feature;

struct _LuminaPreprocessor
{
  GObject                parent_instance;

  LuminaPreprocessStyle  style;
  LuminaTask             task;
  guint                  n_classes;
  gboolean               task_set;
  gboolean               fitted;

  GPtrArray             *features;     /* of Feature, in signature order */
  guint                  n_raw;        /* values per row before selection */

  /* Outputs: a selection of raw values, scaled (DENSE) */
  guint                  n_outputs;
  guint                 *output_raw;   /* raw index of each output */
  guint                 *output_sources;
  double                *output_mean;
  double                *output_scale; /* 1 / std; TREES: NULL */
  char                 **output_names;
  guint8                *output_categorical;

  GPtrArray             *notes;        /* NULL-terminated strv */
};

/* Decides how @column is encoded; %NULL (with a note) when it is dropped. */
Feature  *_lumina_feature_fit          (LuminaPreprocessor *self,
                                        const LuminaColumn *column,
                                        const double       *y);
Feature  *_lumina_feature_new          (const char         *name,
                                        LuminaColumnType    type,
                                        EncodeKind          kind);
void      _lumina_feature_free         (Feature            *feature);
void      _lumina_feature_index_levels (Feature            *feature);
char    **_lumina_feature_raw_names    (Feature            *feature);

/* Checks that @column can feed @feature; errors name the column. */
gboolean  _lumina_feature_check_column (Feature            *feature,
                                        const LuminaColumn *column,
                                        GError            **error);
/* Writes @feature's raw values of @row to @out (feature->n_raw values). */
void      _lumina_feature_encode       (Feature            *feature,
                                        const LuminaColumn *column,
                                        gsize               row,
                                        double             *out);

void      _lumina_preprocessor_set_outputs (LuminaPreprocessor *self,
                                            guint               n_outputs,
                                            guint              *output_raw,
                                            double             *mean,
                                            double             *scale);
void      _lumina_preprocessor_add_note    (LuminaPreprocessor *self,
                                            const char         *format,
                                            ...) G_GNUC_PRINTF (2, 3);

LuminaColumnType _lumina_labels_get_column_type (LuminaLabels *labels);

const char *_lumina_task_to_string     (LuminaTask          task);
gboolean    _lumina_task_from_string   (const char         *text,
                                        LuminaTask         *task);

/* splitmix64: the same sequence on every platform. */
static inline guint64
_lumina_random_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static inline void
_lumina_random_shuffle (guint32 *items,
                        gsize    n,
                        guint64 *state)
{
  for (gsize i = n; i > 1; i--)
    {
      gsize j = _lumina_random_next (state) % i;
      guint32 tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }
}

G_END_DECLS
