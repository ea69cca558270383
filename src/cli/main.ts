// The rootless-docker command line (placeholder until the CLI lands).
process.stdout.write('rootless-docker\n');
