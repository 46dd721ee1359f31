# Sourced by .ci/setup. Lays out what the toolchains' Node image (node:24-alpine) holds
# in /usr/local, for executed pipelines to stand in for it: node, npm, npx, corepack and
# Yarn 1, installed from npm into .ci/.tools/node-image. Skipped when already there.
toolchains_node_image="$toolchains_root/.ci/.tools/node-image"
toolchains_node_image_versions="node@24.21.0 npm@11.19.1 corepack@0.36.0 yarn@1.22.22"
if [ "$(cat "$toolchains_node_image/.versions" 2>/dev/null)" != "$toolchains_node_image_versions" ]; then
  echo "setup: laying out the Node image stand-in ($toolchains_node_image_versions)"
  rm -rf "$toolchains_node_image"
  # shellcheck disable=SC2086
  npm install --global --prefix "$toolchains_node_image" --no-audit --no-fund \
    $toolchains_node_image_versions >/dev/null || return 1 2>/dev/null || exit 1
  # As in the image: `yarn` is Yarn 1, and corepack's shims appear only once enabled.
  (cd "$toolchains_node_image/bin" && rm -f pnpm pnpx yarn yarnpkg &&
    ln -s ../lib/node_modules/yarn/bin/yarn.js yarn &&
    ln -s ../lib/node_modules/yarn/bin/yarn.js yarnpkg)
  echo "$toolchains_node_image_versions" >"$toolchains_node_image/.versions"
fi
export TOOLCHAINS_NODE_IMAGE="$toolchains_node_image"
