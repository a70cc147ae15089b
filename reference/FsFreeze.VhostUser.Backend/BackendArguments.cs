using System;
using System.Collections.Generic;

namespace FsFreeze.VhostUser.Backend
{
    /// <summary>The command line of fsfreeze-vhost-user-backend.</summary>
    internal sealed class BackendArguments
    {
        public const string Usage = """
            usage: fsfreeze-vhost-user-backend --socket PATH [--control PATH] [--check] [--once]
              --socket PATH    listen for a vhost-user front-end on this Unix socket (created; removed at exit)
              --control PATH   listen for host-side clients (JSON lines: freeze, thaw, status, ...) on this socket
              --check          checking mode: log every driver requirement (FF-DRV-*, FF-RING-*, FF-INIT-*) the
                               front-end's guest violates, and report them on the control socket
              --once           exit when the first vhost-user connection ends
            Serves one front-end at a time; a new connection replaces the old one. Exits 0 on SIGTERM/SIGINT,
            2 on a bad command line or a socket it cannot listen on.
            """;

        public string? SocketPath { get; private set; }

        public string? ControlPath { get; private set; }

        public bool Check { get; private set; }

        public bool Once { get; private set; }

        public bool Help { get; private set; }

        public static BackendArguments Parse(IReadOnlyList<string> args)
        {
            var parsed = new BackendArguments();
            for (int i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--socket":
                    case "--socket-path":
                        parsed.SocketPath = Value();
                        break;
                    case "--control":
                        parsed.ControlPath = Value();
                        break;
                    case "--check":
                        parsed.Check = true;
                        break;
                    case "--once":
                        parsed.Once = true;
                        break;
                    case "-h":
                    case "--help":
                        parsed.Help = true;
                        break;
                    default:
                        throw new ArgumentException($"unknown option {args[i]}");
                }
            }

            if (!parsed.Help && parsed.SocketPath is null)
            {
                throw new ArgumentException("--socket PATH is required");
            }

            return parsed;
        }
    }
}
