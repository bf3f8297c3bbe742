/* test-frame.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lumina-engine.h"
#include "lumina-frame-cache.h"

static LuminaFrame *
make_frame (gsize n)
{
  LuminaFrame *frame = lumina_frame_new (n);
  LuminaColumn *x = lumina_column_new ("x", LUMINA_COLUMN_TYPE_FLOAT, n);
  LuminaColumn *id = lumina_column_new ("id", LUMINA_COLUMN_TYPE_INTEGER, n);
  LuminaColumn *label = lumina_column_new ("label", LUMINA_COLUMN_TYPE_CATEGORICAL, n);
  LuminaColumn *flag = lumina_column_new ("flag", LUMINA_COLUMN_TYPE_BOOLEAN, n);

  for (gsize r = 0; r < n; r++)
    {
      x->f64[r] = r * 0.5;
      id->i64[r] = (gint64) r;
      /* 80% "a", 20% "b": the split must keep that share on both sides. */
      label->codes[r] = lumina_column_intern (label, r % 5 == 0 ? "b" : "a");
      flag->u8[r] = r % 2;
    }
  lumina_column_set_null (x, 3);
  lumina_frame_add_column (frame, x);
  lumina_frame_add_column (frame, id);
  lumina_frame_add_column (frame, label);
  lumina_frame_add_column (frame, flag);
  return frame;
}

static void
test_take_rows_and_slice (void)
{
  g_autoptr(LuminaFrame) frame = make_frame (10);
  guint32 rows[] = { 9, 3, 3, 0 };
  g_autoptr(LuminaFrame) taken = lumina_frame_take_rows (frame, rows, G_N_ELEMENTS (rows));
  g_autoptr(LuminaFrame) slice = lumina_frame_slice (frame, 8, 100);

  g_assert_cmpuint (lumina_frame_get_n_rows (taken), ==, 4);
  g_assert_cmpint (lumina_frame_get_column (taken, 1)->i64[0], ==, 9);
  g_assert_false (lumina_column_is_valid (lumina_frame_get_column (taken, 0), 1));
  g_assert_false (lumina_column_is_valid (lumina_frame_get_column (taken, 0), 2));
  g_assert_true (lumina_column_is_valid (lumina_frame_get_column (taken, 0), 3));
  g_assert_cmpstr (lumina_column_get_string (lumina_frame_get_column (taken, 2), 3), ==, "b");

  g_assert_cmpuint (lumina_frame_get_n_rows (slice), ==, 2);
  g_assert_cmpint (lumina_frame_get_column (slice, 1)->i64[1], ==, 9);
}

static void
test_select (void)
{
  g_autoptr(LuminaFrame) frame = make_frame (10);
  guint columns[] = { 2, 0 };
  g_autoptr(LuminaFrame) selected = lumina_frame_select (frame, columns, 2);

  g_assert_cmpuint (lumina_frame_get_n_columns (selected), ==, 2);
  g_assert_cmpstr (lumina_frame_get_column (selected, 0)->name, ==, "label");
  g_assert_cmpuint (lumina_frame_get_column (selected, 1)->null_count, ==, 1);
  g_assert_cmpint (lumina_frame_find_column (selected, "x"), ==, 1);
  g_assert_cmpint (lumina_frame_find_column (selected, "id"), ==, -1);
}

static void
test_split_stratified (void)
{
  g_autoptr(LuminaFrame) frame = make_frame (1000);
  g_autoptr(LuminaFrame) train = NULL;
  g_autoptr(LuminaFrame) test = NULL;
  g_autoptr(LuminaFrame) train2 = NULL;
  g_autoptr(LuminaFrame) test2 = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  const LuminaColumn *labels;
  guint n_b = 0;

  lumina_frame_train_test_split (frame, 0.2, 2, 42, &train, &test);
  g_assert_cmpuint (lumina_frame_get_n_rows (test), ==, 200);
  g_assert_cmpuint (lumina_frame_get_n_rows (train), ==, 800);

  labels = lumina_frame_get_column (test, 2);
  for (gsize r = 0; r < 200; r++)
    n_b += g_str_equal (lumina_column_get_string (labels, r), "b");
  g_assert_cmpuint (n_b, ==, 40);

  /* Disjoint and complete. */
  for (gsize r = 0; r < 800; r++)
    g_hash_table_add (seen, GINT_TO_POINTER (lumina_frame_get_column (train, 1)->i64[r] + 1));
  for (gsize r = 0; r < 200; r++)
    g_hash_table_add (seen, GINT_TO_POINTER (lumina_frame_get_column (test, 1)->i64[r] + 1));
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1000);

  /* Same seed, same split. */
  lumina_frame_train_test_split (frame, 0.2, 2, 42, &train2, &test2);
  for (gsize r = 0; r < 200; r++)
    g_assert_cmpint (lumina_frame_get_column (test, 1)->i64[r], ==, lumina_frame_get_column (test2, 1)->i64[r]);
}

static void
test_memory_size (void)
{
  g_autoptr(LuminaFrame) frame = lumina_frame_new (100000);

  for (guint c = 0; c < 10; c++)
    {
      g_autofree char *name = g_strdup_printf ("f%u", c);

      lumina_frame_add_column (frame, lumina_column_new (name, LUMINA_COLUMN_TYPE_FLOAT, 100000));
    }
  g_assert_cmpuint (lumina_frame_get_memory_size (frame), ==, 100000 * 10 * sizeof (double));
}

static void
collect (gpointer    data,
         const void *bytes,
         gsize       len)
{
  g_byte_array_append (data, bytes, len);
}

static GBytes *
encode (LuminaFrame *frame)
{
  GByteArray *out = g_byte_array_new ();

  lumina_frame_cache_write (frame, collect, out);
  return g_byte_array_free_to_bytes (out);
}

static GMappedFile *
write_and_map (const char *dir,
               GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, "frame.cache", NULL);
  g_autoptr(GError) error = NULL;
  GMappedFile *mapped;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  mapped = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  return mapped;
}

static void
test_cache_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lumina-frame-XXXXXX", NULL);
  g_autoptr(LuminaFrame) frame = make_frame (777);
  g_autoptr(GBytes) bytes = encode (frame);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GMappedFile) mapped = write_and_map (dir, bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaFrame) back = lumina_frame_cache_map (mapped, &error);
  g_autofree char *hash = NULL;
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_no_error (error);
  g_assert_cmpuint (lumina_frame_get_n_rows (back), ==, 777);
  g_assert_cmpuint (lumina_frame_get_n_columns (back), ==, 4);
  g_assert_false (lumina_column_is_valid (lumina_frame_get_column (back, 0), 3));
  g_assert_cmpfloat (lumina_frame_get_column (back, 0)->f64[776], ==, 388.0);
  g_assert_cmpstr (lumina_column_get_string (lumina_frame_get_column (back, 2), 5), ==, "b");
  g_assert_cmpint (lumina_frame_get_column (back, 3)->u8[1], ==, 1);
  /* Values are read in place from the mapping. */
  g_assert_true ((const char *) lumina_frame_get_column (back, 0)->f64 > g_mapped_file_get_contents (mapped));

  /* Canonical: a mapped frame encodes to the same bytes and hash. */
  again = encode (back);
  g_assert_true (g_bytes_equal (bytes, again));
  hash = lumina_frame_cache_hash (back);
  g_assert_cmpuint (strlen (hash), ==, 64);

  g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_cache_damaged (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lumina-frame-XXXXXX", NULL);
  g_autoptr(LuminaFrame) frame = make_frame (100);
  g_autoptr(GBytes) bytes = encode (frame);
  gsize len = g_bytes_get_size (bytes);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

  /* Truncations and a broken magic are refused, never read out of bounds. */
  for (gsize cut = 0; cut < len; cut += len / 7 + 1)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, 0, cut);
      g_autoptr(GMappedFile) mapped = write_and_map (dir, part);
      g_autoptr(GError) error = NULL;
      g_autoptr(LuminaFrame) back = lumina_frame_cache_map (mapped, &error);

      g_assert_null (back);
      g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT);
    }

  g_assert_cmpint (system (cmd), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/frame/take-rows-and-slice", test_take_rows_and_slice);
  g_test_add_func ("/engine/frame/select", test_select);
  g_test_add_func ("/engine/frame/split-stratified", test_split_stratified);
  g_test_add_func ("/engine/frame/memory-size", test_memory_size);
  g_test_add_func ("/engine/frame/cache-round-trip", test_cache_round_trip);
  g_test_add_func ("/engine/frame/cache-damaged", test_cache_damaged);

  return g_test_run ();
}
