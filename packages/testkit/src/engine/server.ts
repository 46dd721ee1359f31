// The loopback GraphQL endpoint the SDK talks to. It parses each query the SDK sends
// and walks its selections through the resolvers; it executes nothing.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Kind, parse, type SelectionSetNode, type ValueNode } from "graphql";
import { queryRoot, resolveField } from "./resolvers/index.ts";
import type { Session } from "./session.ts";
import { ExecFailure, Value } from "./values.ts";

function literal(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.INT:
      return Number.parseInt(node.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => literal(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((f) => [f.name.value, literal(f.value, variables)]),
      );
    case Kind.VARIABLE:
      return variables[node.name.value];
  }
}

async function select(
  s: Session,
  value: unknown,
  selections: SelectionSetNode,
  variables: Record<string, unknown>,
): Promise<unknown> {
  if (Array.isArray(value))
    return Promise.all(value.map((v) => select(s, v, selections, variables)));
  if (!(value instanceof Value))
    throw new Error("testkit: a selection on a scalar");
  const out: Record<string, unknown> = {};
  for (const selection of selections.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      Object.assign(
        out,
        await select(s, value, selection.selectionSet, variables),
      );
    } else if (selection.kind === Kind.FIELD) {
      const args = Object.fromEntries(
        (selection.arguments ?? []).map((a) => [
          a.name.value,
          literal(a.value, variables),
        ]),
      );
      const result = await resolveField(s, value, selection.name.value, args);
      const key = selection.alias?.value ?? selection.name.value;
      out[key] = selection.selectionSet
        ? await select(s, result, selection.selectionSet, variables)
        : result;
    }
  }
  return out;
}

function errorBody(e: unknown) {
  const message = e instanceof Error ? e.message : String(e);
  const extensions = e instanceof ExecFailure ? e.extensions : undefined;
  return {
    data: null,
    errors: [{ message, ...(extensions ? { extensions } : {}) }],
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export interface Endpoint {
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function serve(session: Session): Promise<Endpoint> {
  const token = "testkit-session-token";
  const server: Server = createServer(async (req, res) => {
    let body: unknown;
    try {
      const request = JSON.parse(await readBody(req)) as {
        query: string;
        variables?: Record<string, unknown>;
      };
      const document = parse(request.query);
      const operation = document.definitions.find(
        (d) => d.kind === Kind.OPERATION_DEFINITION,
      );
      if (!operation || operation.kind !== Kind.OPERATION_DEFINITION)
        throw new Error("testkit: no operation in query");
      body = {
        data: await select(
          session,
          queryRoot,
          operation.selectionSet,
          request.variables ?? {},
        ),
      };
    } catch (e) {
      body = errorBody(e);
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  // The module process keeps its connection between calls, with long pauses while it
  // scans its sources: an idle socket closed under it would reset its next request.
  server.keepAliveTimeout = 0;
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    port: (server.address() as AddressInfo).port,
    token,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
