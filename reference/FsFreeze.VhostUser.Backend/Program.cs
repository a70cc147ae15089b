using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace FsFreeze.VhostUser.Backend
{
    /// <summary>Entry point of fsfreeze-vhost-user-backend.</summary>
    internal static class Program
    {
        public static int Main(string[] args)
        {
            BackendArguments arguments;
            try
            {
                arguments = BackendArguments.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"fsfreeze-vhost-user-backend: {e.Message}");
                Console.Error.WriteLine(BackendArguments.Usage);
                return 2;
            }

            if (arguments.Help)
            {
                Console.WriteLine(BackendArguments.Usage);
                return 0;
            }

            BackendServer server;
            try
            {
                server = new BackendServer(arguments, Console.Error);
            }
            catch (Exception e) when (e is SocketException or System.IO.IOException or UnauthorizedAccessException)
            {
                // Fail early with a non-zero status (vhost-user.rst "Backend program conventions").
                Console.Error.WriteLine($"fsfreeze-vhost-user-backend: cannot listen: {e.Message}");
                return 2;
            }

            using (server)
            using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop))
            using (PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop))
            {
                return server.Run();
            }

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                server.Stop();
            }
        }
    }
}
