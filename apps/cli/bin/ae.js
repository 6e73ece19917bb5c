#!/usr/bin/env node
// The `ae` command: runs the built CLI. This file exists before the build, so package
// managers can link the command at install time in a workspace too.
import '../dist/bin.js';
