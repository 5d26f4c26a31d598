package main

import "socklab/web/server"

// engineRun runs /api/run timelines on the simulated kernel.
var engineRun server.RunFunc = server.RunTimeline
