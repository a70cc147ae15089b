using System;
using System.Runtime.InteropServices;

namespace FsFreeze.VhostUser.Native
{
    /// <summary>poll(2) over many descriptors, for a single-threaded event loop.</summary>
    public static unsafe class FdPoll
    {
        /// <summary>
        /// Waits at most <paramref name="timeout"/> for any of <paramref name="fds"/> to be readable or hung up;
        /// sets <paramref name="ready"/>[i] for each such descriptor and returns how many there are (0 on timeout).
        /// </summary>
        public static int Wait(ReadOnlySpan<int> fds, Span<bool> ready, TimeSpan timeout)
        {
            if (ready.Length < fds.Length)
            {
                throw new ArgumentException("One flag per descriptor.", nameof(ready));
            }

            var entries = new LibC.PollFd[fds.Length];
            for (int i = 0; i < fds.Length; i++)
            {
                entries[i] = new LibC.PollFd { Fd = fds[i], Events = LibC.PollIn };
            }

            int ms = (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
            int result;
            fixed (LibC.PollFd* pointer = entries)
            {
                result = LibC.poll(pointer, (nuint)entries.Length, ms);
            }

            if (result < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.Eintr)
                {
                    return 0;
                }

                FileDescriptor.Check(result, "poll");
            }

            const short Readable = LibC.PollIn | LibC.PollErr | LibC.PollHup | LibC.PollNval;
            for (int i = 0; i < fds.Length; i++)
            {
                ready[i] = (entries[i].ReturnedEvents & Readable) != 0;
            }

            return result;
        }
    }
}
