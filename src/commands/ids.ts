// Every command id of the extension, in one place (package.json declares the same ids).

export const COMMANDS = {
  showVersion: 'rootlessDocker.showVersion',

  // The containers view.
  containers: {
    refresh: 'rootlessDocker.containers.refresh',
    start: 'rootlessDocker.containers.start',
    stop: 'rootlessDocker.containers.stop',
    restart: 'rootlessDocker.containers.restart',
    pause: 'rootlessDocker.containers.pause',
    unpause: 'rootlessDocker.containers.unpause',
    remove: 'rootlessDocker.containers.remove',
    logs: 'rootlessDocker.containers.logs',
    inspect: 'rootlessDocker.containers.inspect',
    shell: 'rootlessDocker.containers.shell',
    openPort: 'rootlessDocker.containers.openPort',
    copyId: 'rootlessDocker.containers.copyId',
    projectStart: 'rootlessDocker.containers.projectStart',
    projectStop: 'rootlessDocker.containers.projectStop',
    projectRestart: 'rootlessDocker.containers.projectRestart',
    daemonInfo: 'rootlessDocker.containers.daemonInfo',
    setHost: 'rootlessDocker.containers.setHost',
    openDocs: 'rootlessDocker.containers.openDocs',
    /** Internal (hidden): the tree as plain data, for tests and bug reports. */
    describeTree: 'rootlessDocker.containers.describeTree',
    /** Internal (hidden): the status bar item as plain data. */
    describeStatusBar: 'rootlessDocker.containers.describeStatusBar',
  },

  // The daemon service (systemctl --user) and the doctor: registered by their own modules.
  service: {
    start: 'rootlessDocker.service.start',
    stop: 'rootlessDocker.service.stop',
    restart: 'rootlessDocker.service.restart',
    status: 'rootlessDocker.service.status',
    enable: 'rootlessDocker.service.enable',
    disable: 'rootlessDocker.service.disable',
    showLog: 'rootlessDocker.service.showLog',
    linger: 'rootlessDocker.service.linger',
    install: 'rootlessDocker.service.install',
  },
  doctor: {
    run: 'rootlessDocker.doctor.run',
  },
} as const;

/** The containers view's id (package.json contributes.views). */
export const CONTAINERS_VIEW = 'rootlessDocker.containers';
/** Its activity-bar container. */
export const VIEW_CONTAINER = 'rootlessDocker';
