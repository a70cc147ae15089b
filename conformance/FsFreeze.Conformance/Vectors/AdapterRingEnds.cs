using FsFreeze.Conformance.Adapters;
using FsFreeze.Vectors.Rings;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Vectors
{
    /// <summary>Turns an implementation under test into the ring-ends factory the vector scenario runner takes.</summary>
    internal sealed class AdapterRingEnds
    {
        private readonly IVirtqueueImplementation _implementation;

        private AdapterRingEnds(IVirtqueueImplementation implementation)
        {
            _implementation = implementation;
        }

        /// <summary>
        /// The factory for <paramref name="implementation"/>. A scenario that starts at a non-zero index needs
        /// <see cref="IResumableVirtqueueImplementation"/>; without it the test is ignored with the reason.
        /// </summary>
        internal static RingEndsFactory For(IVirtqueueImplementation implementation, ushort startIndex)
        {
            if (startIndex != 0 && implementation is not IResumableVirtqueueImplementation)
            {
                Assert.Ignore($"{implementation.Name} cannot start a queue at index {startIndex} (no IResumableVirtqueueImplementation)");
            }

            return new AdapterRingEnds(implementation).Create;
        }

        private QueueError Create(GuestMemory memory, QueueConfiguration config, ushort startIndex, ulong indirectArea, int indirectEntries, out IDriverQueue? driver, out IDeviceQueue? device)
        {
            device = null;
            QueueError error = startIndex != 0 && _implementation is IResumableVirtqueueImplementation resumable
                ? resumable.CreateDriverEnd(memory, config, startIndex, indirectArea, indirectEntries, out driver)
                : _implementation.CreateDriverEnd(memory, config, indirectArea, indirectEntries, out driver);
            if (error != QueueError.None)
            {
                return error;
            }

            return startIndex != 0 && _implementation is IResumableVirtqueueImplementation resumableDevice
                ? resumableDevice.CreateDeviceEnd(memory, config, startIndex, out device)
                : _implementation.CreateDeviceEnd(memory, config, out device);
        }
    }
}
