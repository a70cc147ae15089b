using System;

namespace FsFreeze.VhostUser.Native
{
    /// <summary>
    /// A kick or call notifier: an eventfd (or, as Linux's virtio_uml uses for calls, a pipe end). Signalling writes
    /// the 8-byte value 1; consuming reads whatever is pending without blocking (poll first, so a blocking eventfd
    /// from a peer never stalls the reader).
    /// </summary>
    public sealed unsafe class EventNotifier : IDisposable
    {
        /// <summary>Wraps <paramref name="fd"/>, taking ownership.</summary>
        public EventNotifier(FileDescriptor fd)
        {
            ArgumentNullException.ThrowIfNull(fd);
            Descriptor = fd;
        }

        /// <summary>The descriptor.</summary>
        public FileDescriptor Descriptor { get; }

        /// <summary>Creates a non-blocking, close-on-exec eventfd.</summary>
        public static EventNotifier Create() =>
            new(new FileDescriptor(FileDescriptor.Check(LibC.eventfd(0, LibC.EfdCloexec | LibC.EfdNonblock), "eventfd")));

        /// <summary>Adds 1 to the counter (a kick, or a used-buffer notification); false when the peer end is gone.</summary>
        public bool Signal()
        {
            ulong one = 1;
            nint written = LibC.write(Descriptor.Fd, &one, sizeof(ulong));
            return written == sizeof(ulong);
        }

        /// <summary>True when a signal is pending within <paramref name="timeout"/> (not consumed).</summary>
        public bool Wait(TimeSpan timeout) => Poll.Readable(Descriptor.Fd, timeout);

        /// <summary>True when a signal was pending; the pending count is consumed.</summary>
        public bool TryConsume()
        {
            if (!Poll.Readable(Descriptor.Fd, TimeSpan.Zero))
            {
                return false;
            }

            ulong value = 0;
            nint read = LibC.read(Descriptor.Fd, &value, sizeof(ulong));
            return read == sizeof(ulong);
        }

        /// <inheritdoc />
        public void Dispose() => Descriptor.Dispose();
    }
}
