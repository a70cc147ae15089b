using System.Linq;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Linux;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.RealKernel.Tests
{
    /// <summary>
    /// Base of the real-kernel checks: each test asks for the filesystem types it needs (ignored with the reason
    /// when root, loop devices, the type or its mkfs are missing), gets a fresh <see cref="Scratch"/>, and the
    /// scratch is cleaned up in TearDown whatever happened (thaw, unmount, detach, delete).
    /// </summary>
    [Category("RealKernel")]
    [NonParallelizable]
    public abstract class RealKernelFixture
    {
        private Scratch? scratch;

        /// <summary>The current test's scratch folder.</summary>
        protected Scratch Scratch => scratch ?? throw new AssertionException("call Begin first");

        [TearDown]
        public void CleanUp()
        {
            try
            {
                scratch?.Dispose();
            }
            finally
            {
                scratch = null;
            }
        }

        /// <summary>Ignores the test (with the reason) unless the real kernel can run it; then makes its scratch folder.</summary>
        protected Scratch Begin(params string[] types)
        {
            string? reason = RealKernelSupport.Unavailable(types);
            if (reason is not null)
            {
                Assert.Ignore(reason);
            }

            scratch = new Scratch();
            return scratch;
        }

        /// <summary>A backend allowed exactly <paramref name="mountPoints"/>.</summary>
        protected static LinuxFilesystems Backend(params string[] mountPoints) => new(new Scheduler(1), new MountAllowList(mountPoints));

        /// <summary>The single allowed superblock of <paramref name="backend"/>.</summary>
        protected static IGuestSuperBlock Only(LinuxFilesystems backend)
        {
            var walk = backend.GrabSuperBlocksNewestFirst();
            Assert.That(walk, Has.Count.EqualTo(1));
            return walk.Single().SuperBlock;
        }

        /// <summary>Runs a real call (it completes at once).</summary>
        protected static Errno Run(SimOperation<Errno> op)
        {
            foreach (Wait _ in op)
            {
                Assert.Fail("a real call never sleeps in virtual time");
            }

            return op.Result;
        }
    }
}
