// Loads the heavy parts of the extension on first use, so activation loads none of them: the daemon client
// (dockerode) when the Containers view first needs it, the service core (process runner, http) and the doctor
// on the first daemon command. (The lint engine never loads here: it runs in the lint thread, from dist/lint.js.)
// In the build these requires name sibling bundles (esbuild.js maps them to dist/docker.js and
// dist/service.js); run from source they load the modules themselves.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as DockerBundle from './bundles/docker';
import type * as ServiceBundle from './bundles/service';

export type DockerModule = typeof DockerBundle;
export type ServiceModule = typeof ServiceBundle;

let dockerModule: DockerModule | undefined;
let serviceModule: ServiceModule | undefined;

/** The daemon client and watcher, loaded the first time they are asked for. */
export function loadDocker(): DockerModule {
  return (dockerModule ??= require('./bundles/docker') as DockerModule);
}

/** systemctl / journalctl control, readiness on the socket and the doctor, loaded the first time they are asked for. */
export function loadService(): ServiceModule {
  return (serviceModule ??= require('./bundles/service') as ServiceModule);
}
