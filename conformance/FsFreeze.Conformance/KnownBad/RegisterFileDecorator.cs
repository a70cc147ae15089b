using System;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>Forwards every access to a reference register file; a known-bad overrides the writes it bends.</summary>
    public abstract class RegisterFileDecorator : IMmioRegisterFile
    {
        /// <summary>Wraps <paramref name="inner"/>.</summary>
        protected RegisterFileDecorator(IMmioRegisterFile inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

        /// <summary>The reference register file.</summary>
        protected IMmioRegisterFile Inner { get; }

        /// <inheritdoc />
        public virtual uint Read(ulong offset, int width) => Inner.Read(offset, width);

        /// <inheritdoc />
        public virtual void Write(ulong offset, int width, uint value) => Inner.Write(offset, width, value);
    }
}
