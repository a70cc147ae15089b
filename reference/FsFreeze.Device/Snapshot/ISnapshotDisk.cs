namespace FsFreeze.Device.Snapshot
{
    /// <summary>
    /// A disk as snapshot orchestration needs it (FF-HOST-4, FF-HOST-5): block its I/O, know when nothing is in
    /// flight, copy it, resume. The simulation's <see cref="BlockLayer.VirtualDisk"/> is one; an image file on the
    /// host (the real-kernel end to end) is another.
    /// </summary>
    public interface ISnapshotDisk
    {
        /// <summary>The disk's name, carried into its <see cref="DiskCopy"/>.</summary>
        string Name { get; }

        /// <summary>True when blocked with nothing in flight: the image can be copied.</summary>
        bool IsDrained { get; }

        /// <summary>Stops new requests from entering flight.</summary>
        void Block();

        /// <summary>Lets held requests go on (every path, errors included: FF-HOST-5).</summary>
        void Resume();

        /// <summary>Copies the image as it is now.</summary>
        DiskCopy Copy();
    }
}
