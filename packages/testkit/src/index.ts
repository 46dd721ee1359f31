export {
  introspect,
  readDaggerJson,
  type ArgumentApi,
  type FunctionApi,
  type ModuleApi,
  type ObjectApi,
} from "./introspect.ts";
export {
  call,
  moduleApi,
  type CallOptions,
  type CallRecording,
  type ChangesetResult,
} from "./call.ts";
export type {
  ExecOutcome,
  ExecRequest,
  ExecScript,
  RecordedExec,
  RecordedMount,
} from "./engine/session.ts";
export {
  answer,
  firstAnswer,
  sourceFiles,
  toolchainTest,
  type Answer,
  type ToolchainTest,
} from "./helpers.ts";
export { sdkVersion } from "./sdk.ts";
export {
  register,
  type RegisteredArgument,
  type RegisteredFunction,
  type RegisteredObject,
} from "./register.ts";
export { Host, type HostOptions, type HostRun } from "./engine/host.ts";
export type { StandIn } from "./engine/images.ts";
export { nodeImage } from "./stand-ins/node.ts";
export { pythonImage } from "./stand-ins/python.ts";
export { uvImage } from "./stand-ins/uv.ts";
export { golangImage, golangciLintImage } from "./stand-ins/go.ts";
export { trivyImage } from "./stand-ins/trivy.ts";
export { setupFolder } from "./stand-ins/setup.ts";
export { cyclonedxErrors, sarifErrors } from "./schemas.ts";
export {
  decodeTraceRequest,
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedSpan,
} from "./otlp.ts";
