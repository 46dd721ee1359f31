// The module-call protocol: which module this is, which function the engine asks
// for with which arguments, and where the function's result or error goes.
import { Value } from "../values.ts";
import { string } from "./args.ts";
import type { Resolvers } from "./resolver.ts";

interface ArgValue {
  name: string;
  /** The argument's value as JSON text, as the engine sends it. */
  value: string;
}

/** The Query fields of the protocol. */
export const moduleCallRoots: Resolvers<unknown> = {
  currentModule: (s) =>
    s.register(
      new Value("CurrentModule", "currentModule()", async () => s.moduleName),
    ),
  currentFunctionCall: (s) =>
    new Value(
      "FunctionCall",
      "currentFunctionCall()",
      async () => s.currentCall,
    ),
};

export const CurrentModule: Resolvers<unknown> = {
  name: (s) => s.moduleName,
};

export const FunctionCall: Resolvers<unknown> = {
  name: (s) => s.currentCall.name,
  parentName: (s) => s.currentCall.parentName,
  parent: (s) => s.currentCall.parent,
  inputArgs: (s) =>
    Object.entries(s.currentCall.inputArgs).map(([name, value]) =>
      s.register(
        new Value(
          "FunctionCallArgValue",
          `arg(${s.results.length},${JSON.stringify(name)})`,
          async (): Promise<ArgValue> => ({
            name,
            value: JSON.stringify(value),
          }),
        ),
      ),
    ),
  returnValue: (s, _self, a) => {
    s.results.push({ value: string(a, "value") });
    return null;
  },
  returnError: (s, _self, a) => {
    s.results.push({ error: s.load(a.error) });
    return null;
  },
};

export const FunctionCallArgValue: Resolvers<ArgValue> = {
  name: async (s, self) => (await s.force(self)).name,
  value: async (s, self) => (await s.force(self)).value,
};
