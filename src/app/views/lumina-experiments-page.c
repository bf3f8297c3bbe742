/* lumina-experiments-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Experiments view: the workspace's experiments beside a table of their
 * runs, the page of one run and the comparison of several.  Runs are loaded
 * on a worker thread and the view reloads as "run.*" events arrive, from
 * this process or (by polling the log) from others.
 */
#define G_LOG_DOMAIN "lumina-experiments-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-experiments-page-private.h"
#include "lumina-run-format.h"

#define POLL_INTERVAL_SECONDS 2
#define RELOAD_DELAY_MSEC     250
#define NARROW_WIDTH          600
#define MEDIUM_WIDTH          1100

G_DEFINE_FINAL_TYPE (LuminaExperimentsPage, lumina_experiments_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  JsonNode  *experiments;
  GPtrArray *runs;
} LoadResult;

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_pointer (&result->experiments, json_node_unref);
  g_clear_pointer (&result->runs, g_ptr_array_unref);
  g_free (result);
}

/* Worker thread: the tracker may be called from any thread, and the runs
 * are new objects nobody else holds yet. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LuminaTracker *tracker = g_object_get_data (G_OBJECT (task), "lumina-tracker");
  const char *experiment = task_data;
  LoadResult *result = g_new0 (LoadResult, 1);
  GError *error = NULL;

  if (!(result->experiments = lumina_tracker_list_experiments (tracker, &error)) ||
      !(result->runs = lumina_tracker_list_runs (tracker, experiment, NULL, &error)))
    {
      load_result_free (result);
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < result->runs->len; i++)
    lumina_run_info_get (g_ptr_array_index (result->runs, i));

  g_task_return_pointer (task, result, load_result_free);
}

void
_lumina_experiments_page_toast (LuminaExperimentsPage *self,
                                const char            *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
lumina_experiments_page_update_stack (LuminaExperimentsPage *self)
{
  const char *visible = gtk_stack_get_visible_child_name (self->stack);
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->experiments)) == 0 &&
                   g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0;

  if (empty)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (g_strcmp0 (visible, "empty") == 0)
    gtk_stack_set_visible_child_name (self->stack, "list");

  _lumina_experiments_page_actions_update (self);
}

/* Keeps the runs still listed selected, with their fresh snapshots. */
static void
lumina_experiments_page_keep_selection (LuminaExperimentsPage *self,
                                        GPtrArray             *runs)
{
  g_autoptr(GHashTable) selected = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  for (guint i = 0; i < runs->len; i++)
    {
      LuminaRun *run = g_ptr_array_index (runs, i);

      if (g_hash_table_contains (self->selected, lumina_run_get_id (run)))
        g_hash_table_insert (selected, (gpointer) lumina_run_get_id (run), g_object_ref (run));
    }

  g_clear_pointer (&self->selected, g_hash_table_unref);
  self->selected = g_steal_pointer (&selected);
}

static void
lumina_experiments_page_refresh_run_page (LuminaExperimentsPage *self)
{
  LuminaRun *shown = lumina_run_page_get_run (self->run_page);
  g_autoptr(LuminaRun) run = NULL;

  if (shown == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "run") != 0)
    return;

  /* A run that was going on has changed; a finished one only through a tag
   * or note, which this page wrote itself. */
  if (lumina_run_get_status (shown) == LUMINA_RUN_STATUS_RUNNING &&
      (run = lumina_tracker_get_run (self->tracker, lumina_run_get_id (shown), NULL)) != NULL)
    lumina_run_page_set_run (self->run_page, self->tracker, run);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LuminaExperimentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadResult *loaded;

  if (!(loaded = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->loading = FALSE;
          _lumina_experiments_page_toast (self, error->message);
        }
      return;
    }

  self->loading = FALSE;
  g_clear_object (&self->load_cancellable);

  _lumina_experiments_page_fill_sidebar (self, loaded->experiments);
  lumina_experiments_page_keep_selection (self, loaded->runs);
  g_list_store_splice (self->runs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->runs)),
                       loaded->runs->pdata, loaded->runs->len);
  load_result_free (loaded);

  _lumina_experiments_page_refilter (self);
  _lumina_experiments_page_selection_changed (self);
  lumina_experiments_page_update_stack (self);
  lumina_experiments_page_refresh_run_page (self);

  if (self->reload_again)
    {
      self->reload_again = FALSE;
      lumina_experiments_page_reload (self);
    }
}

static gboolean
lumina_experiments_page_reload_cb (gpointer user_data)
{
  LuminaExperimentsPage *self = user_data;

  self->reload_source = 0;
  lumina_experiments_page_reload (self);

  return G_SOURCE_REMOVE;
}

static void
lumina_experiments_page_event_appended_cb (LuminaExperimentsPage *self,
                                           LuminaEvent           *event,
                                           LuminaEventLog        *log)
{
  g_assert (LUMINA_IS_EXPERIMENTS_PAGE (self));
  g_assert (LUMINA_IS_EVENT (event));

  /* A search finishes trials in bursts; one reload for each burst. */
  if (g_str_has_prefix (lumina_event_get_kind (event), "run.") && self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MSEC, lumina_experiments_page_reload_cb, self);
}

static gboolean
lumina_experiments_page_poll_cb (gpointer user_data)
{
  LuminaExperimentsPage *self = user_data;

  if (self->workspace != NULL)
    lumina_event_log_poll (lumina_workspace_get_events (self->workspace));

  return G_SOURCE_CONTINUE;
}

static void
lumina_experiments_page_search_changed_cb (LuminaExperimentsPage *self)
{
  _lumina_experiments_page_refilter (self);
}

static void
lumina_experiments_page_trials_toggled_cb (LuminaExperimentsPage *self)
{
  _lumina_experiments_page_refilter (self);
}

static void
lumina_experiments_page_filter_changed_cb (LuminaExperimentsPage *self)
{
  if (!self->setting_filter)
    _lumina_experiments_page_apply_filter (self, gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
}

static void
lumina_experiments_page_filter_toggled_cb (LuminaExperimentsPage *self)
{
  gboolean active = gtk_toggle_button_get_active (self->filter_button);

  gtk_revealer_set_reveal_child (self->filter_revealer, active);
  if (active)
    gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
  else
    gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), "");
}

static void
lumina_experiments_page_activate_cb (LuminaExperimentsPage *self,
                                     guint                  position,
                                     GtkColumnView         *view)
{
  g_autoptr(LuminaRun) run = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (run != NULL)
    lumina_experiments_page_open_run (self, lumina_run_get_id (run));
}

static void
lumina_experiments_page_experiment_activated_cb (LuminaExperimentsPage *self,
                                                 GtkListBoxRow         *row,
                                                 GtkListBox            *list)
{
  const char *name = g_object_get_data (G_OBJECT (row), "lumina-experiment");

  if (self->filling_sidebar)
    return;

  lumina_experiments_page_set_experiment (self, name);
  adw_leaflet_set_visible_child_name (self->leaflet, "runs");
}

static void
lumina_experiments_page_folded_cb (LuminaExperimentsPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (GTK_WIDGET (self->experiments_button), folded);
  if (folded)
    adw_leaflet_set_visible_child_name (self->leaflet, "runs");
  gtk_list_box_set_selection_mode (self->experiment_list, folded ? GTK_SELECTION_NONE : GTK_SELECTION_SINGLE);
  if (!folded)
    _lumina_experiments_page_fill_sidebar (self, NULL);
  _lumina_experiments_page_actions_update (self);
}

static gboolean
lumina_experiments_page_narrow_idle (gpointer user_data)
{
  LuminaExperimentsPage *self = user_data;

  self->narrow_idle = 0;
  _lumina_experiments_page_set_narrow_columns (self, self->narrow);

  return G_SOURCE_REMOVE;
}

static void
lumina_experiments_page_measure (GtkWidget      *widget,
                                 GtkOrientation  orientation,
                                 int             for_size,
                                 int            *minimum,
                                 int            *natural,
                                 int            *minimum_baseline,
                                 int            *natural_baseline)
{
  LuminaExperimentsPage *self = LUMINA_EXPERIMENTS_PAGE (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
lumina_experiments_page_size_allocate (GtkWidget *widget,
                                       int        width,
                                       int        height,
                                       int        baseline)
{
  LuminaExperimentsPage *self = LUMINA_EXPERIMENTS_PAGE (widget);
  guint narrow = width < NARROW_WIDTH ? 2 : width < MEDIUM_WIDTH ? 1 : 0;

  gtk_widget_allocate (GTK_WIDGET (self->toast_overlay), width, height, baseline, NULL);

  /* Changing columns here would re-enter layout; do it right after. */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->narrow_idle == 0)
        self->narrow_idle = g_idle_add (lumina_experiments_page_narrow_idle, self);
    }
}

static void
lumina_experiments_page_map (GtkWidget *widget)
{
  LuminaExperimentsPage *self = LUMINA_EXPERIMENTS_PAGE (widget);

  GTK_WIDGET_CLASS (lumina_experiments_page_parent_class)->map (widget);

  lumina_experiments_page_poll_cb (self);
  if (self->poll_source == 0)
    self->poll_source = g_timeout_add_seconds (POLL_INTERVAL_SECONDS, lumina_experiments_page_poll_cb, self);
}

static void
lumina_experiments_page_unmap (GtkWidget *widget)
{
  LuminaExperimentsPage *self = LUMINA_EXPERIMENTS_PAGE (widget);

  g_clear_handle_id (&self->poll_source, g_source_remove);

  GTK_WIDGET_CLASS (lumina_experiments_page_parent_class)->unmap (widget);
}

static void
lumina_experiments_page_dispose (GObject *object)
{
  LuminaExperimentsPage *self = LUMINA_EXPERIMENTS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->narrow_idle, g_source_remove);

  if (self->log_signals != NULL)
    g_signal_group_set_target (self->log_signals, NULL);

  /* The column view goes first: its cells look at the selection. */
  if (self->checks != NULL)
    _lumina_experiments_page_forget_checks (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_EXPERIMENTS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  for (guint i = 0; i < N_RUN_COLUMNS; i++)
    g_clear_object (&self->columns[i]);
  g_clear_object (&self->log_signals);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->runs);
  g_clear_object (&self->experiments);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->query, lumina_runs_query_free);
  g_clear_pointer (&self->experiment, g_free);
  g_clear_object (&self->tracker);
  g_clear_object (&self->workspace);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lumina_experiments_page_parent_class)->dispose (object);
}

static void
lumina_experiments_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LuminaExperimentsPage *self = LUMINA_EXPERIMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, lumina_experiments_page_get_workspace (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_experiments_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  LuminaExperimentsPage *self = LUMINA_EXPERIMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      lumina_experiments_page_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_experiments_page_class_init (LuminaExperimentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_experiments_page_dispose;
  object_class->get_property = lumina_experiments_page_get_property;
  object_class->set_property = lumina_experiments_page_set_property;

  widget_class->measure = lumina_experiments_page_measure;
  widget_class->size_allocate = lumina_experiments_page_size_allocate;
  widget_class->map = lumina_experiments_page_map;
  widget_class->unmap = lumina_experiments_page_unmap;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         LUMINA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LUMINA_TYPE_RUN_PAGE);
  g_type_ensure (LUMINA_TYPE_COMPARE_PAGE);

  gtk_widget_class_set_css_name (widget_class, "luminaexperimentspage");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-experiments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, experiment_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, experiments_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, trials_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, filter_error_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, runs_stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, run_page);
  gtk_widget_class_bind_template_child (widget_class, LuminaExperimentsPage, compare_page);
  gtk_widget_class_bind_template_callback (widget_class, lumina_experiments_page_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_experiments_page_trials_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_experiments_page_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_experiments_page_filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_experiments_page_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_experiments_page_experiment_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_experiments_page_folded_cb);

  _lumina_experiments_page_class_actions_init (widget_class);
}

static void
lumina_experiments_page_init (LuminaExperimentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->experiments = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->runs = g_list_store_new (LUMINA_TYPE_RUN);
  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->checks = g_hash_table_new (NULL, NULL);
  _lumina_experiments_page_setup_table (self);

  self->log_signals = g_signal_group_new (LUMINA_TYPE_EVENT_LOG);
  g_signal_group_connect_object (self->log_signals, "event-appended",
                                 G_CALLBACK (lumina_experiments_page_event_appended_cb),
                                 self, G_CONNECT_SWAPPED);

  _lumina_experiments_page_fill_sidebar (self, NULL);
  lumina_experiments_page_folded_cb (self);
  lumina_experiments_page_update_stack (self);
}

GtkWidget *
lumina_experiments_page_new (void)
{
  return g_object_new (LUMINA_TYPE_EXPERIMENTS_PAGE, NULL);
}

LuminaWorkspace *
lumina_experiments_page_get_workspace (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), NULL);

  return self->workspace;
}

void
lumina_experiments_page_set_workspace (LuminaExperimentsPage *self,
                                       LuminaWorkspace       *workspace)
{
  g_return_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self));
  g_return_if_fail (!workspace || LUMINA_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  g_clear_object (&self->tracker);
  if (workspace != NULL)
    self->tracker = lumina_tracker_new (workspace);

  g_hash_table_remove_all (self->selected);
  g_signal_group_set_target (self->log_signals,
                             workspace ? lumina_workspace_get_events (workspace) : NULL);
  gtk_stack_set_visible_child_name (self->stack, "list");
  lumina_experiments_page_reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * lumina_experiments_page_reload:
 *
 * Lists the experiments and the current experiment's runs again, on a
 * worker thread; lumina_experiments_page_get_loading() says when it is done.
 */
void
lumina_experiments_page_reload (LuminaExperimentsPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self));

  g_clear_handle_id (&self->reload_source, g_source_remove);

  if (self->tracker == NULL)
    {
      g_list_store_remove_all (self->runs);
      g_list_store_remove_all (self->experiments);
      lumina_experiments_page_update_stack (self);
      return;
    }

  /* One load at a time; a change during it asks for one more. */
  if (self->loading)
    {
      self->reload_again = TRUE;
      return;
    }

  self->loading = TRUE;
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->load_cancellable, load_cb, g_object_ref (self));
  g_task_set_source_tag (task, lumina_experiments_page_reload);
  g_task_set_task_data (task, g_strdup (self->experiment), g_free);
  g_object_set_data_full (G_OBJECT (task), "lumina-tracker", g_object_ref (self->tracker), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

gboolean
lumina_experiments_page_get_loading (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), FALSE);

  return self->loading;
}

/**
 * lumina_experiments_page_get_experiments:
 *
 * Returns: (transfer none): #GtkStringObject names of the experiments
 */
GListModel *
lumina_experiments_page_get_experiments (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->experiments);
}

/**
 * lumina_experiments_page_set_experiment:
 * @experiment: (nullable): an experiment name, or %NULL for every run
 */
void
lumina_experiments_page_set_experiment (LuminaExperimentsPage *self,
                                        const char            *experiment)
{
  g_return_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self));

  if (experiment != NULL && experiment[0] == '\0')
    experiment = NULL;
  if (g_strcmp0 (self->experiment, experiment) == 0)
    return;

  g_free (self->experiment);
  self->experiment = g_strdup (experiment);
  _lumina_experiments_page_fill_sidebar (self, NULL);
  lumina_experiments_page_reload (self);
}

const char *
lumina_experiments_page_get_experiment (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), NULL);

  return self->experiment;
}

/**
 * lumina_experiments_page_get_all_runs:
 *
 * Returns: (transfer none): every #LuminaRun loaded, before filtering
 */
GListModel *
lumina_experiments_page_get_all_runs (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->runs);
}

/**
 * lumina_experiments_page_get_runs:
 *
 * Returns: (transfer none): the runs the table shows, filtered and sorted
 */
GListModel *
lumina_experiments_page_get_runs (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

GtkColumnView *
lumina_experiments_page_get_column_view (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), NULL);

  return self->column_view;
}

GtkWidget *
lumina_experiments_page_get_compare_button (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), NULL);

  return GTK_WIDGET (self->compare_button);
}

/**
 * lumina_experiments_page_get_visible_page:
 *
 * Returns: "empty", "list", "run" or "compare"
 */
const char *
lumina_experiments_page_get_visible_page (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

LuminaRunPage *
lumina_experiments_page_get_run_page (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), NULL);

  return self->run_page;
}

LuminaComparePage *
lumina_experiments_page_get_compare_page (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), NULL);

  return self->compare_page;
}
