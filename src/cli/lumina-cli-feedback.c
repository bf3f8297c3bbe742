/* lumina-cli-feedback.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina feedback DEPLOYMENT FILE.csv`: delayed labels joined by request
 * id to what the deployment captured; accuracy, or RMSE and MAE, go to the
 * metric store (see lumina-feedback.c).
 */
#define G_LOG_DOMAIN "lumina-cli-feedback"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-cli-private.h"

static char *
format_count (guint count)
{
  return g_strdup_printf ("%u", count);
}

static char *
format_unmatched (const LuminaFeedbackReport *report)
{
  g_autofree char *ids = NULL;

  if (report->unmatched == 0 || report->unmatched_ids == NULL || report->unmatched_ids[0] == NULL)
    return format_count (report->unmatched);
  ids = g_strjoinv (", ", report->unmatched_ids);
  /* Translators: a count, then request ids */
  return g_strdup_printf (_("%u (%s%s)"), report->unmatched, ids,
                          report->unmatched > g_strv_length (report->unmatched_ids) ? ", …" : "");
}

static void
print_versions (const LuminaFeedbackReport *report)
{
  for (guint i = 0; i < report->versions->len; i++)
    {
      const LuminaFeedbackVersion *version = g_ptr_array_index (report->versions, i);

      if (version->regression)
        /* Translators: model name, version, two numbers, then a count of labels */
        g_print (_("%s version %u: RMSE %.6g, MAE %.6g over %" G_GUINT64_FORMAT " labels\n"),
                 version->model, version->version, version->rmse, version->mae, version->n_labels);
      else
        /* Translators: model name, version, a ratio, then a count of labels */
        g_print (_("%s version %u: accuracy %.6g over %" G_GUINT64_FORMAT " labels\n"),
                 version->model, version->version, version->accuracy, version->n_labels);
    }
}

static void
print_report (const LuminaFeedbackReport *report)
{
  const char *keys[] = { N_("Deployment"), N_("Rows read"), N_("Skipped"), N_("Matched"), N_("Unmatched"),
                         N_("New labels"), N_("Relabelled"), N_("Already recorded"), NULL };
  char *values[G_N_ELEMENTS (keys)] = { NULL };

  values[0] = g_strdup (report->deployment);
  values[1] = format_count (report->rows_read);
  values[2] = format_count (report->skipped);
  values[3] = format_count (report->matched);
  values[4] = format_unmatched (report);
  values[5] = format_count (report->recorded);
  values[6] = format_count (report->relabelled);
  values[7] = format_count (report->unchanged);
  for (guint i = 0; keys[i] != NULL; i++)
    keys[i] = _(keys[i]);
  lumina_cli_print_fields (keys, (const char * const *) values);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_free (values[i]);

  print_versions (report);
  if (report->matched == 0)
    g_print (_("No label matched a captured prediction. Only captured requests can be joined "
               "(see the deployment's --capture-rate), by the X-Request-Id they were answered with.\n"));
}

static int
lumina_cli_feedback (LuminaCli  *cli,
                     char      **args)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaWorkspace) workspace = NULL;
  g_autoptr(LuminaMetricStore) store = NULL;
  g_autoptr(LuminaFeedbackReport) report = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 2, &status))
    return status;
  if (args[1] == NULL || args[2] == NULL)
    return lumina_cli_usage_error (context, _("Give the deployment and a CSV file of request ids and labels"));

  file = g_file_new_for_commandline_arg (args[2]);
  if (!(workspace = lumina_cli_open_workspace (cli, 0, &error)) ||
      !(store = lumina_metric_store_new (workspace, &error)) ||
      !lumina_feedback_apply (workspace, store, args[1], file, &report, &error))
    return lumina_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = lumina_feedback_report_to_json (report);

      lumina_cli_print_json (node);
    }
  else
    print_report (report);
  return LUMINA_CLI_EXIT_OK;
}

const LuminaCliCommand lumina_cli_feedback_command = {
  "feedback", N_("DEPLOYMENT FILE.csv"),
  N_("Join delayed labels to a deployment's captured predictions and store its accuracy or error."),
  lumina_cli_feedback, NULL,
};
