using System;

namespace FsFreeze.VhostUser.Native
{
    /// <summary>poll(2) on one descriptor: the only way this library waits, so every wait has a timeout.</summary>
    internal static unsafe class Poll
    {
        /// <summary>True when <paramref name="fd"/> is readable (or hung up) within <paramref name="timeout"/>; false on timeout.</summary>
        public static bool Readable(int fd, TimeSpan timeout)
        {
            int ms = timeout == System.Threading.Timeout.InfiniteTimeSpan ? -1 : (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
            var pfd = new LibC.PollFd { Fd = fd, Events = LibC.PollIn };
            while (true)
            {
                int result = LibC.poll(&pfd, 1, ms);
                if (result < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == LibC.Eintr)
                {
                    continue;
                }

                FileDescriptor.Check(result, "poll");
                return result > 0;
            }
        }
    }
}
