/* lumina-automl-wizard-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-automl-wizard.h"
#include "lumina-import-dialog.h"

G_BEGIN_DECLS

typedef enum
{
  LUMINA_WIZARD_STEP_DATASET,
  LUMINA_WIZARD_STEP_TARGET,
  LUMINA_WIZARD_STEP_SETTINGS,
  LUMINA_WIZARD_STEP_REVIEW,
  LUMINA_WIZARD_N_STEPS
} LuminaWizardStep;

struct _LuminaAutomlWizard
{
  AdwWindow             parent_instance;

  /* Template children */
  GtkButton            *back_button;
  GtkButton            *next_button;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkLabel             *dataset_error;
  GtkLabel             *target_error;
  GtkLabel             *settings_error;
  GtkLabel             *review_error;
  GtkListBox           *dataset_list;
  AdwComboRow          *version_row;
  AdwComboRow          *target_row;
  AdwComboRow          *task_row;
  GtkSpinner           *task_spinner;
  AdwComboRow          *metric_row;
  GtkCheckButton       *learner_xgboost;
  GtkCheckButton       *learner_forest;
  GtkCheckButton       *learner_mlp;
  GtkCheckButton       *learner_linear;
  AdwComboRow          *budget_row;
  AdwActionRow         *budget_custom_row;
  GtkSpinButton        *budget_spin;
  AdwComboRow          *validation_row;
  AdwActionRow         *folds_row;
  GtkSpinButton        *folds_spin;
  GtkSpinButton        *seed_spin;
  AdwEntryRow          *experiment_row;
  GtkListBox           *summary_list;
  GtkListBox           *plan_list;
  GtkSpinner           *plan_spinner;

  GtkLabel             *error_labels[LUMINA_WIZARD_N_STEPS];
  GtkCheckButton       *learner_checks[4];

  LuminaWorkspace      *workspace;
  LuminaDatasetStore   *store;
  GCancellable         *cancellable;
  GPtrArray            *datasets;     /* LuminaDatasetVersion, latest of each */
  GPtrArray            *versions;     /* LuminaDatasetVersion of the chosen dataset */
  GtkCheckButton       *radio_group;
  LuminaImportDialog   *import_dialog; /* weak */

  LuminaDatasetVersion *version;      /* the chosen version */
  LuminaFrame          *frame;        /* its rows, once loaded for the target page */
  GCancellable         *frame_cancellable;
  GCancellable         *plan_cancellable;
  JsonNode             *plan;
  char                 *error_message;
  GStrv                 columns;      /* the target combo's entries */

  LuminaMetric          metrics[8];     /* the metric combo's entries */
  guint                 n_metrics;
  LuminaTask            inferred_task;
  guint                 n_classes;
  LuminaWizardStep      step;

  guint                 loading_frame : 1;
  guint                 task_known : 1;
  guint                 planning : 1;
  guint                 updating : 1;
};

extern const char * const _lumina_wizard_learner_ids[];

void     _lumina_automl_wizard_actions_update  (LuminaAutomlWizard *self);
void     _lumina_automl_wizard_set_error       (LuminaAutomlWizard *self,
                                                LuminaWizardStep    step,
                                                const char         *message);

/* lumina-automl-wizard.c */
void     _lumina_automl_wizard_import_csv      (LuminaAutomlWizard *self);

/* lumina-automl-wizard-data.c: the dataset and target steps */
void     _lumina_automl_wizard_reload_datasets (LuminaAutomlWizard *self);
void     _lumina_automl_wizard_setup_data      (LuminaAutomlWizard *self);
void     _lumina_automl_wizard_choose_version  (LuminaAutomlWizard *self,
                                                LuminaDatasetVersion *version);
gboolean _lumina_automl_wizard_target_ready    (LuminaAutomlWizard *self);
LuminaTask _lumina_automl_wizard_get_task      (LuminaAutomlWizard *self);
void     _lumina_automl_wizard_enter_target    (LuminaAutomlWizard *self);

/* lumina-automl-wizard-review.c: the settings and review steps */
void     _lumina_automl_wizard_setup_settings  (LuminaAutomlWizard *self);
void     _lumina_automl_wizard_enter_settings  (LuminaAutomlWizard *self);
gboolean _lumina_automl_wizard_settings_ready  (LuminaAutomlWizard *self);
void     _lumina_automl_wizard_enter_review    (LuminaAutomlWizard *self);
LuminaAutomlConfig *_lumina_automl_wizard_build_config (LuminaAutomlWizard *self);

G_END_DECLS
