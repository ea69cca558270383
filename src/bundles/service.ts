// The daemon service and the doctor as the extension loads them on first use (dist/service.js): systemctl and
// journalctl through the process runner, readiness on the socket (http), the doctor's checks and report.
export { getLinger, getStatus, journalTail, restartService, setEnabled, startService, stopService } from '../service/control';
export { renderDoctorHtml } from '../service/doctor/report';
export { realProbe, runDoctor, searchDirs } from '../service/doctor/run';
export { daemonSocket, runningContainers } from '../service/readiness';
export { createRunner } from '../service/run';
