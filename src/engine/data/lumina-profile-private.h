/* lumina-profile-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The profile builder's per-column accumulators, shared by its files.
 */
#pragma once

#include "lumina-profile.h"
#include "lumina-sketch.h"

G_BEGIN_DECLS

/* Columns with at most this many values get exact quantiles and histograms. */
#define LUMINA_PROFILE_EXACT_VALUES   100000
#define LUMINA_PROFILE_BINS           20
#define LUMINA_PROFILE_TOP            10
/* Correlation is omitted when a categorical side has more categories. */
#define LUMINA_PROFILE_MAX_CATEGORIES 1000
#define LUMINA_PROFILE_NO_CODE        G_MAXUINT32

/* Grow-only buffers, reused from chunk to chunk: no allocation per value. */
typedef struct
{
  double  *values;      /* the column as doubles, NAN where missing */
  double  *finite;      /* its finite values, packed */
  double  *pair_x;
  double  *pair_y;
  guint32 *codes;       /* the column as dictionary codes, NO_CODE where missing */
  double  *target_values;
  guint32 *target_codes;
  gsize    rows_alloc;

  guint64 *tally;       /* per dictionary code */
  gint32  *map;         /* chunk code → category index */
  gint32  *target_map;
  gsize    dict_alloc;
  gsize    target_dict_alloc;

  double  *group_n;     /* per category index */
  double  *group_sum;
  double  *group_m2;
} LuminaProfileScratch;

/* One chunk's moments, known when its values are all finite ("clean"). */
typedef struct
{
  gboolean clean;
  double   mean;
  double   m2;
} LuminaChunkMoments;

/* What a chunk's target column looks like to the correlation code. */
typedef struct
{
  gboolean            numeric;
  LuminaChunkMoments  moments;  /* numeric */
  const double       *values;   /* numeric: NAN where missing or infinite */
  const guint32      *codes;    /* categorical: NO_CODE where missing */
  const char * const *dict;
  guint32             n_dict;
} LuminaProfileTarget;

typedef struct
{
  guint64         n;            /* finite values */
  double          mean;
  double          m2;
  double          min;
  double          max;
  guint64         zeros;
  guint64         pos_inf;
  guint64         neg_inf;

  double         *kept;         /* exact mode: every finite value */
  gsize           n_kept;
  gsize           kept_alloc;
  LuminaKll      *kll;          /* sketch mode, past LUMINA_PROFILE_EXACT_VALUES */
  LuminaDistinct *distinct;     /* sketch mode */
  LuminaGrid     *grid;         /* sketch mode */
} LuminaNumericStats;

typedef struct
{
  LuminaTopK *top;
  guint64     n_values;
  guint64     total_chars;
  guint64     max_chars;
} LuminaStringStats;

/* Category names ↔ dense indices, bounded by LUMINA_PROFILE_MAX_CATEGORIES. */
typedef struct
{
  GHashTable *lookup;           /* name → index + 1 */
  GPtrArray  *names;
} LuminaCategories;

typedef enum
{
  LUMINA_CORRELATION_PEARSON,
  LUMINA_CORRELATION_ETA_BY_TARGET,    /* numeric feature grouped by target category */
  LUMINA_CORRELATION_ETA_BY_FEATURE,   /* numeric target grouped by feature category */
  LUMINA_CORRELATION_CRAMERS_V,
} LuminaCorrelationKind;

typedef struct
{
  LuminaCorrelationKind kind;
  gboolean              overflow;     /* too many categories: omitted */

  /* Pearson: co-moments of (feature, target). */
  guint64               n;
  double                mean_x, mean_y, m2_x, m2_y, c_xy;

  /* Correlation ratio: moments per group. */
  LuminaCategories     *groups;
  GArray               *group_moments;   /* of LuminaMoments */

  /* Cramér's V: rows are feature categories, columns target categories. */
  LuminaCategories     *rows;
  LuminaCategories     *cols;
  GPtrArray            *cells;           /* per row: guint64[MAX_CATEGORIES] */
} LuminaCorrelation;

typedef struct
{
  guint64 n;
  double  mean;
  double  m2;
} LuminaMoments;

typedef struct
{
  char               *name;
  LuminaColumnType    type;
  guint64             missing;
  LuminaNumericStats *numeric;      /* integer, float, boolean, timestamp */
  LuminaStringStats  *strings;      /* categorical, text */
  LuminaCorrelation  *correlation;  /* NULL without a target, and for the target */
} LuminaProfileColumn;

/* For correlation a boolean is a category; elsewhere it counts as 0/1. */
static inline gboolean
lumina_profile_type_is_measure (LuminaColumnType type)
{
  return type == LUMINA_COLUMN_TYPE_INTEGER ||
         type == LUMINA_COLUMN_TYPE_FLOAT ||
         type == LUMINA_COLUMN_TYPE_TIMESTAMP;
}

/* lumina-profile.c */
int                  _lumina_profile_builder_get_type  (LuminaProfileBuilder       *self,
                                                        guint                       index);
void                 _lumina_profile_builder_retype    (LuminaProfileBuilder       *self,
                                                        guint                       index,
                                                        LuminaColumnType            type);
void                 _lumina_profile_builder_settle_strings (LuminaProfileBuilder  *self,
                                                        const gboolean             *keep);
void                 _lumina_profile_scratch_reserve   (LuminaProfileScratch       *scratch,
                                                        gsize                       n_rows);
void                 _lumina_profile_scratch_dict      (LuminaProfileScratch       *scratch,
                                                        guint32                     n_dict,
                                                        guint32                     n_target_dict);
void                 _lumina_moments_merge             (LuminaMoments              *self,
                                                        guint64                     n,
                                                        double                      mean,
                                                        double                      m2);
void                 _lumina_profile_add_double        (JsonBuilder                *builder,
                                                        const char                 *name,
                                                        double                      value);

/* lumina-profile-numeric.c */
const double        *_lumina_profile_column_doubles    (const LuminaColumn         *column,
                                                        double                     *out);
LuminaNumericStats  *_lumina_numeric_stats_new         (void);
void                 _lumina_numeric_stats_free        (LuminaNumericStats         *self);
gsize                _lumina_numeric_stats_add         (LuminaNumericStats         *self,
                                                        const double               *values,
                                                        gsize                       n_values,
                                                        LuminaProfileScratch       *scratch,
                                                        LuminaChunkMoments         *moments);
void                 _lumina_chunk_moments             (const double               *values,
                                                        gsize                       n_values,
                                                        LuminaChunkMoments         *moments);
void                 _lumina_numeric_stats_merge       (LuminaNumericStats         *self,
                                                        const LuminaNumericStats   *other);

/* lumina-profile-numeric-json.c */
void                 _lumina_numeric_stats_to_json     (LuminaNumericStats         *self,
                                                        LuminaColumnType            type,
                                                        JsonBuilder                *builder);
guint64              _lumina_numeric_stats_distinct    (LuminaNumericStats         *self,
                                                        gboolean                   *exact);

/* lumina-profile-strings.c */
const char * const  *_lumina_profile_boolean_dict      (void);
gsize                _lumina_profile_column_codes      (const LuminaColumn         *column,
                                                        guint32                    *out);
LuminaStringStats   *_lumina_string_stats_new          (void);
void                 _lumina_string_stats_free         (LuminaStringStats          *self);
void                 _lumina_string_stats_add          (LuminaStringStats          *self,
                                                        const LuminaColumn         *column,
                                                        const guint32              *codes,
                                                        LuminaProfileScratch       *scratch);
void                 _lumina_string_stats_merge        (LuminaStringStats          *self,
                                                        const LuminaStringStats    *other);
void                 _lumina_string_stats_to_json      (LuminaStringStats          *self,
                                                        LuminaColumnType            type,
                                                        JsonBuilder                *builder);
void                 _lumina_boolean_top_to_json       (guint64                     n_true,
                                                        guint64                     n_false,
                                                        JsonBuilder                *builder);

/* lumina-profile-target.c */
LuminaCorrelation   *_lumina_correlation_new           (LuminaColumnType            feature,
                                                        LuminaColumnType            target);
void                 _lumina_correlation_free          (LuminaCorrelation          *self);
void                 _lumina_correlation_give_up       (LuminaCorrelation          *self);
void                 _lumina_correlation_merge         (LuminaCorrelation          *self,
                                                        const LuminaCorrelation    *other);
void                 _lumina_correlation_to_json       (LuminaCorrelation          *self,
                                                        JsonBuilder                *builder);
void                 _lumina_correlation_add_pearson   (LuminaCorrelation          *self,
                                                        const double               *x,
                                                        const LuminaChunkMoments   *x_moments,
                                                        const double               *y,
                                                        const LuminaChunkMoments   *y_moments,
                                                        gsize                       n_rows,
                                                        LuminaProfileScratch       *scratch);

/* lumina-profile-groups.c */
LuminaCategories    *_lumina_categories_new            (void);
void                 _lumina_categories_free           (LuminaCategories           *self);
void                 _lumina_correlation_add_eta       (LuminaCorrelation          *self,
                                                        const double               *values,
                                                        const guint32              *codes,
                                                        const char * const         *dict,
                                                        guint32                     n_dict,
                                                        gsize                       n_rows,
                                                        LuminaProfileScratch       *scratch);
void                 _lumina_correlation_add_table     (LuminaCorrelation          *self,
                                                        const guint32              *codes,
                                                        const char * const         *dict,
                                                        guint32                     n_dict,
                                                        const LuminaProfileTarget  *target,
                                                        gsize                       n_rows,
                                                        LuminaProfileScratch       *scratch);
void                 _lumina_correlation_merge_groups  (LuminaCorrelation          *self,
                                                        const LuminaCorrelation    *other);
void                 _lumina_correlation_merge_table   (LuminaCorrelation          *self,
                                                        const LuminaCorrelation    *other);
gboolean             _lumina_correlation_eta           (LuminaCorrelation          *self,
                                                        double                     *eta);
gboolean             _lumina_correlation_cramers_v     (LuminaCorrelation          *self,
                                                        double                     *v);

G_END_DECLS
