/**
 * Training on a curated subset: experiments (`train`), trainer backends behind one interface
 * (`registerTrainer`; built in: `spectral-gain`, `urgent-baseline`, `slurm`), and the
 * spectral-gain model's `enhance`.
 *
 * ```ts
 * import { listTrainers } from "./mod.ts";
 * console.log(listTrainers().map((t) => t.name)); // [ "slurm", "spectral-gain", "urgent-baseline" ]
 * ```
 *
 * @module
 */

import "./builtin_trainers.ts";

export { train } from "./train.ts";
export type { TrainOptions, TrainResult } from "./train.ts";
export { trainView } from "./train_view.ts";
export type { TrainLossDetails } from "./train_view.ts";
export { loadTrainConfig } from "./load_train_config.ts";
export type { LoadedTrainConfig, LoadTrainConfigOptions } from "./load_train_config.ts";
export { EXPERIMENT_NAME, TrainConfigSchema } from "./train_config.ts";
export type {
  TrainConfig,
  TrainDataConfig,
  TrainExpConfig,
  TrainSectionBackend,
  TrainSectionConfig,
} from "./train_config.ts";
export { experimentName, normaliseDate } from "./experiment_name.ts";
export type { ExperimentNameInput } from "./experiment_name.ts";
export { curatedListCopyName, readCuratedList } from "./curated_list.ts";
export type { CuratedList } from "./curated_list.ts";
export { resolveSelection } from "./resolve_selection.ts";
export type { ResolveSelectionOptions } from "./resolve_selection.ts";
export { getTrainer, listTrainers, registerTrainer } from "./trainer.ts";
export type {
  Trainer,
  TrainerInputs,
  TrainerPrepareContext,
  TrainerRunContext,
  TrainerRunResult,
  TrainUtterance,
} from "./trainer.ts";
export { TrainInputError } from "./train_input_error.ts";
export { TrainerFailedError } from "./trainer_failed_error.ts";
export { TrainLog } from "./train_log.ts";
export type { TrainLogOptions } from "./train_log.ts";
export { runLogged } from "./run_logged.ts";
export type { RunLoggedOptions } from "./run_logged.ts";
export { TRAIN_RESULT_FILE, trainStage, TrainStageParams } from "./train_stage.ts";
export type { TrainStageOptions } from "./train_stage.ts";
export { BUILTIN_TRAINERS } from "./builtin_trainers.ts";
export { SpectralGainConfigSchema } from "./spectral_gain/spectral_gain_config.ts";
export type {
  SpectralGainConfig,
  SpectralGainFeatures,
  SpectralGainModel,
  SpectralGainOptim,
} from "./spectral_gain/spectral_gain_config.ts";
export { fitSpectralGain } from "./spectral_gain/fit_spectral_gain.ts";
export type {
  FitSpectralGainOptions,
  GainTrainingPair,
} from "./spectral_gain/fit_spectral_gain.ts";
export {
  decodeCheckpoint,
  encodeCheckpoint,
  loadSpectralGainCheckpoint,
  SPECTRAL_GAIN_FORMAT,
  SpectralGainCheckpointSchema,
} from "./spectral_gain/spectral_gain_checkpoint.ts";
export type {
  SpectralGainCheckpoint,
  SpectralGainCheckpointModel,
  SpectralGainTrainingSummary,
} from "./spectral_gain/spectral_gain_checkpoint.ts";
export { enhance, enhanceSignal } from "./spectral_gain/enhance.ts";
export {
  SPECTRAL_GAIN_CHECKPOINT,
  spectralGainTrainer,
} from "./spectral_gain/spectral_gain_trainer.ts";
export {
  SlurmBaselineConfigSchema,
  UrgentBaselineConfigSchema,
} from "./urgent_baseline/urgent_baseline_config.ts";
export type {
  BaselineDataFormat,
  SlurmBaselineConfig,
  UrgentBaselineConfig,
  UrgentBaselineFields,
} from "./urgent_baseline/urgent_baseline_config.ts";
export { urgentBaselineTrainer } from "./urgent_baseline/urgent_baseline_trainer.ts";
export { baselineDataFiles } from "./urgent_baseline/baseline_data_files.ts";
export type { BaselineDataFiles } from "./urgent_baseline/baseline_data_files.ts";
export { baselineCommand } from "./urgent_baseline/baseline_command.ts";
export type { BaselineCommandOptions } from "./urgent_baseline/baseline_command.ts";
export type { BaselineSetup } from "./urgent_baseline/baseline_setup.ts";
export { slurmTrainer } from "./slurm/slurm_trainer.ts";
