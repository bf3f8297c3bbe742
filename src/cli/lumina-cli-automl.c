/* lumina-cli-automl.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina automl run`: an AutoML search from the command line, with a live
 * progress line on standard error and the leaderboard on standard output.
 */
#define G_LOG_DOMAIN "lumina-cli-automl"

#include "config.h"

#include <math.h>
#include <signal.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "lumina-cli-private.h"

typedef struct
{
  char     *data;
  char     *target;
  char     *task;
  char     *metric;
  double    budget;
  char     *learners;
  int       cv;
  char     *seed;
  char     *experiment;
  int       parallel;
  double    test_fraction;
} AutomlArgs;

static void
automl_args_clear (AutomlArgs *args)
{
  g_free (args->data);
  g_free (args->target);
  g_free (args->task);
  g_free (args->metric);
  g_free (args->learners);
  g_free (args->seed);
  g_free (args->experiment);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AutomlArgs, automl_args_clear)

static gboolean
task_from_string (const char *text,
                  LuminaTask *task)
{
  if (g_strcmp0 (text, "binary") == 0)
    *task = LUMINA_TASK_BINARY;
  else if (g_strcmp0 (text, "multiclass") == 0)
    *task = LUMINA_TASK_MULTICLASS;
  else if (g_strcmp0 (text, "regression") == 0)
    *task = LUMINA_TASK_REGRESSION;
  else
    return FALSE;
  return TRUE;
}

/* Checks the arguments and fills @config; on a usage error returns FALSE
 * with the exit status in @status. */
static gboolean
args_to_config (AutomlArgs         *args,
                GOptionContext     *context,
                LuminaAutomlConfig *config,
                int                *status)
{
  guint64 seed = 42;

  if (args->data == NULL)
    *status = lumina_cli_usage_error (context, _("Missing --data NAME[@VERSION]"));
  else if (args->target == NULL)
    *status = lumina_cli_usage_error (context, _("Missing --target COLUMN"));
  else if (args->task != NULL && !task_from_string (args->task, &config->task))
    *status = lumina_cli_usage_error (context, _("Unknown task “%s”; use binary, multiclass or regression"),
                                      args->task);
  else if (args->metric != NULL && !lumina_metric_from_string (args->metric, &config->metric))
    *status = lumina_cli_usage_error (context, _("Unknown metric “%s”"), args->metric);
  else if (!(args->budget > 0))
    *status = lumina_cli_usage_error (context, _("--budget takes a positive number of seconds"));
  else if (args->cv < 0 || args->cv > 20 || args->parallel < 0)
    *status = lumina_cli_usage_error (context, _("--cv takes 0 to 20 folds, --parallel a count"));
  else if (args->seed != NULL && !g_ascii_string_to_unsigned (args->seed, 10, 0, G_MAXUINT64,
                                                              &seed, NULL))
    *status = lumina_cli_usage_error (context, _("--seed takes a non-negative integer"));
  else if (args->test_fraction < 0 || args->test_fraction >= 0.9)
    *status = lumina_cli_usage_error (context, _("--test-fraction takes a share in [0, 0.9)"));
  else
    {
      config->dataset = g_strdup (args->data);
      config->target = g_strdup (args->target);
      config->task_set = args->task != NULL;
      config->metric_set = args->metric != NULL;
      config->budget_seconds = args->budget;
      if (args->learners != NULL)
        config->learners = g_strsplit (args->learners, ",", -1);
      config->cv_folds = args->cv;
      config->seed = seed;
      config->experiment = g_strdup (args->experiment);
      config->n_parallel = args->parallel;
      config->test_fraction = args->test_fraction;
      return TRUE;
    }
  return FALSE;
}

/* ---- live progress ----------------------------------------------------- */

typedef struct
{
  gint64    start;
  guint     n_trials;
  double    best;
  gboolean  greater_is_better;
  gboolean  tty;
  gboolean  shown;
} Progress;

static void
progress_print (Progress *progress)
{
  double elapsed = (g_get_monotonic_time () - progress->start) / 1e6;

  if (!progress->tty)
    return;
  if (isnan (progress->best))
    /* Translators: elapsed seconds and the number of trials so far */
    g_printerr (_("\r\033[K%6.1f s  %u trials"), elapsed, progress->n_trials);
  else
    /* Translators: elapsed seconds, trials so far and the best score */
    g_printerr (_("\r\033[K%6.1f s  %u trials  best %.5g"), elapsed, progress->n_trials,
                progress->best);
  progress->shown = TRUE;
}

static void
on_trial_finished (LuminaAutoml *automl,
                   JsonObject   *trial,
                   Progress     *progress)
{
  JsonNode *score = json_object_get_member (trial, "score");

  progress->n_trials++;
  if (score != NULL && !JSON_NODE_HOLDS_NULL (score) &&
      g_strcmp0 (json_object_get_string_member (trial, "status"), "finished") == 0)
    {
      double value = json_node_get_double (score);

      if (isnan (progress->best) ||
          (progress->greater_is_better ? value > progress->best : value < progress->best))
        progress->best = value;
    }
  progress_print (progress);
}

static void
on_progress (LuminaAutoml *automl,
             double        fraction,
             const char   *message,
             Progress     *progress)
{
  progress_print (progress);
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

/* ---- output ------------------------------------------------------------ */

static void
print_leaderboard (JsonArray  *leaderboard,
                   const char *metric)
{
  guint n = json_array_get_length (leaderboard);

  g_print ("%-4s %-10s %-8s %-9s %-20s %8s %6s\n", "#", _("run"), _("learner"), _("status"),
           metric, _("seconds"), _("iters"));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *trial = json_array_get_object_element (leaderboard, i);
      JsonNode *score = json_object_get_member (trial, "score");
      const char *run_id = json_object_get_string_member_with_default (trial, "run_id", NULL);
      g_autofree char *short_id = g_strndup (run_id ? run_id : "-", 8);
      g_autofree char *score_text = NULL;

      if (score != NULL && !JSON_NODE_HOLDS_NULL (score))
        score_text = g_strdup_printf ("%.5f ± %.4f", json_node_get_double (score),
                                      json_object_get_double_member (trial, "score_std"));
      else
        score_text = g_strdup ("-");
      g_print ("%-4u %-10s %-8s %-9s %-20s %8.2f %6" G_GINT64_FORMAT "\n", i + 1, short_id,
               json_object_get_string_member (trial, "learner"),
               json_object_get_string_member (trial, "status"), score_text,
               json_object_get_double_member (trial, "fit_seconds"),
               json_object_get_int_member (trial, "iterations"));
    }
}

static void
print_result (LuminaCli    *cli,
              LuminaAutoml *automl)
{
  g_autoptr(JsonNode) leaderboard = lumina_automl_dup_leaderboard (automl);
  g_autoptr(JsonNode) report = lumina_automl_dup_report (automl);
  JsonObject *rep = json_node_get_object (report);
  const char *metric = json_object_get_string_member (rep, "metric");

  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) root = NULL;

      json_object_set_string_member (object, "best_run", lumina_automl_get_best_run_id (automl));
      json_object_set_string_member (object, "bundle", lumina_automl_get_bundle_path (automl));
      json_object_set_string_member (object, "metric", metric);
      json_object_set_member (object, "leaderboard", json_node_ref (leaderboard));
      json_object_set_member (object, "report", json_node_ref (report));
      root = json_node_init_object (json_node_alloc (), object);
      lumina_cli_print_json (root);
      return;
    }

  print_leaderboard (json_node_get_array (leaderboard), metric);
  g_print ("\n");
  /* Translators: a run id */
  g_print (_("Best: %s (%s %.5f"), lumina_automl_get_best_run_id (automl), metric,
           json_object_get_double_member (rep, "validation_score"));
  if (json_object_has_member (rep, "test_score"))
    /* Translators: the score on held-out test rows */
    g_print (_(", test %.5f"), json_object_get_double_member (rep, "test_score"));
  g_print (")\n");
  /* Translators: a directory */
  g_print (_("Bundle: %s\n"), lumina_automl_get_bundle_path (automl));
  if (json_object_has_member (rep, "notes"))
    {
      JsonArray *notes = json_object_get_array_member (rep, "notes");

      for (guint i = 0; i < json_array_get_length (notes); i++)
        /* Translators: something the user should know about the result */
        g_print (_("Note: %s\n"), json_array_get_string_element (notes, i));
    }
}

static int
run_search (LuminaCli          *cli,
            LuminaAutomlConfig *config)
{
  g_autoptr(LuminaWorkspace) workspace = NULL;
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) plan = NULL;
  Progress progress = { 0 };
  guint sigint;
  gboolean ok;

  workspace = lumina_cli_open_workspace (cli, LUMINA_WORKSPACE_OPEN_NONE, &error);
  if (workspace == NULL)
    return lumina_cli_fail (error);
  automl = lumina_automl_new (workspace, config, &error);
  if (automl == NULL)
    return lumina_cli_fail (error);
  plan = lumina_automl_plan (automl, &error);
  if (plan == NULL)
    return lumina_cli_fail (error);

  progress.start = g_get_monotonic_time ();
  progress.best = NAN;
  progress.tty = isatty (STDERR_FILENO);
  {
    LuminaMetric metric;

    lumina_metric_from_string (json_object_get_string_member (json_node_get_object (plan), "metric"),
                               &metric);
    progress.greater_is_better = lumina_metric_greater_is_better (metric);
  }
  g_signal_connect (automl, "trial-finished", G_CALLBACK (on_trial_finished), &progress);
  g_signal_connect (automl, "progress", G_CALLBACK (on_progress), &progress);
  sigint = g_unix_signal_add (SIGINT, on_interrupt, cancellable);

  ok = lumina_automl_run (automl, cancellable, &error);
  g_source_remove (sigint);
  if (progress.shown)
    g_printerr ("\r\033[K");
  if (!ok)
    return lumina_cli_fail (error);

  print_result (cli, automl);
  return LUMINA_CLI_EXIT_OK;
}

static int
lumina_cli_automl_run (LuminaCli  *cli,
                       char      **argv)
{
  g_auto(AutomlArgs) args = { 0 };
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_STRING, &args.data,
      N_("The dataset, optionally with a version"), N_("NAME[@V]") },
    { "target", 0, 0, G_OPTION_ARG_STRING, &args.target,
      N_("The column to predict"), N_("COLUMN") },
    { "task", 0, 0, G_OPTION_ARG_STRING, &args.task,
      N_("binary, multiclass or regression (default: inferred)"), N_("TASK") },
    { "metric", 0, 0, G_OPTION_ARG_STRING, &args.metric,
      N_("The metric to optimise (default: the task's)"), N_("METRIC") },
    { "budget", 0, 0, G_OPTION_ARG_DOUBLE, &args.budget,
      N_("Seconds the search may take (default: 60)"), N_("SECONDS") },
    { "learners", 0, 0, G_OPTION_ARG_STRING, &args.learners,
      N_("Comma-separated subset of xgboost, forest, mlp, linear"), N_("LIST") },
    { "cv", 0, 0, G_OPTION_ARG_INT, &args.cv,
      N_("Validation folds (0: by size, 1: a 20% holdout)"), N_("K") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &args.seed,
      N_("Random seed (default: 42)"), N_("N") },
    { "experiment", 0, 0, G_OPTION_ARG_STRING, &args.experiment,
      N_("Experiment name (default: automl-DATASET)"), N_("NAME") },
    { "parallel", 0, 0, G_OPTION_ARG_INT, &args.parallel,
      N_("Trials at once (default: by cores and memory)"), N_("N") },
    { "test-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &args.test_fraction,
      N_("Share of rows held out as a test set (default: 0)"), N_("F") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaAutomlConfig) config = lumina_automl_config_new ();
  int status;

  args.budget = 60;
  if (!lumina_cli_parse (cli, context, &argv, 0, &status))
    return status;
  if (!args_to_config (&args, context, config, &status))
    return status;

  return run_search (cli, config);
}

static const LuminaCliCommand automl_run_command = {
  "run", NULL,
  N_("Search for the best model of a dataset within a time budget."),
  lumina_cli_automl_run, NULL,
};

static const LuminaCliCommand * const automl_subcommands[] = {
  &automl_run_command,
  NULL
};

const LuminaCliCommand lumina_cli_automl_command = {
  "automl", NULL,
  N_("Run AutoML searches."),
  NULL, automl_subcommands,
};
