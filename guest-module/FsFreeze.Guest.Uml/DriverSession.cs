using System;
using System.Collections.Generic;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Guest.Uml
{
    /// <summary>
    /// A guest booted with the module against the reference back-end in checking mode, its disks mounted, busy
    /// writers on each and a marker file written and synced before the host acts. The scenario body runs after
    /// "guest: ready"; the guest halts when the host signals "stop" (<see cref="Dispose"/>).
    /// </summary>
    public sealed class DriverSession : IDisposable
    {
        private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(90);

        /// <summary>
        /// Boots a guest with disks of <paramref name="fsTypes"/> (mounted in that order), loads <paramref name="module"/>
        /// and runs <paramref name="body"/>. <paramref name="deviceOptions"/> (the control op <c>configure</c>'s
        /// options: request_size, max_entries, max_deadline_ms, offered_features, ...) replace the device's defaults
        /// before the guest connects. With <paramref name="waitForDriver"/> false the session does not wait for the driver
        /// to set the device up (a scenario where its probe must fail).
        /// </summary>
        public DriverSession(string module, IReadOnlyList<string> fsTypes, string body = "", System.Text.Json.Nodes.JsonObject? deviceOptions = null, bool waitForDriver = true)
        {
            ArgumentNullException.ThrowIfNull(fsTypes);
            var tools = new List<string> { "dotnet" };
            foreach (string fs in fsTypes)
            {
                tools.Add(DiskImage.MkfsOf(fs));
            }

            UmlEnvironment.RequireGuest(module, [.. tools]);

            Guest = new UmlGuest { Module = module };
            foreach (string fs in fsTypes)
            {
                Guest.AddDisk(fs);
            }

            Backend = new ReferenceBackend(Guest.Directory);
            Host = new HostSide(Backend);
            if (deviceOptions is not null)
            {
                System.Text.Json.Nodes.JsonObject configured = Backend.Call(new System.Text.Json.Nodes.JsonObject { ["op"] = "configure", ["options"] = deviceOptions });
                Assert.That(configured["ok"]?.GetValue<bool>(), Is.True, configured.ToJsonString());
            }

            Guest.Boot(Script(body), Backend.SocketPath);
            Guest.WaitFor("guest: ready", BootTimeout);
            if (waitForDriver)
            {
                Host.WaitDriverReady(TimeSpan.FromSeconds(30));
            }
        }

        /// <summary>The guest.</summary>
        public UmlGuest Guest { get; }

        /// <summary>The reference device.</summary>
        public ReferenceBackend Backend { get; }

        /// <summary>The host side over the control socket.</summary>
        public HostSide Host { get; }

        /// <summary>
        /// The guest's init scenario: marker files synced, one busy writer per disk until /stop, then the body. A
        /// writer on a frozen filesystem sleeps until the thaw, as it would in any guest.
        /// </summary>
        public static string Script(string body) => $$"""
            for d in $(cut -d' ' -f2 /disks); do echo "written before the freeze" > $d/marker.txt; done
            sync
            for d in $(cut -d' ' -f2 /disks); do
              ( while [ ! -f /stop ]; do dd if=/dev/zero of=$d/busy bs=64k count=4 2>/dev/null; done ) &
            done
            echo "guest: ready"
            {{body}}
            while [ ! -f /stop ]; do usleep 100000; done
            wait
            echo "guest: writers stopped"
            """;

        /// <summary>The device features the driver accepted (the back-end's view; virtio transport bits excluded).</summary>
        public ulong NegotiatedFeatures => Backend.Call(new System.Text.Json.Nodes.JsonObject { ["op"] = "state" })["negotiated_features"]!.GetValue<ulong>();

        /// <summary>
        /// Ignores the calling test unless the driver accepted feature <paramref name="bit"/> (named
        /// <paramref name="name"/>): a scenario of an optional feature reads NOT SUPPORTED for a driver without it.
        /// </summary>
        public void RequireFeature(int bit, string name)
        {
            if ((NegotiatedFeatures & (1UL << bit)) == 0)
            {
                Assert.Ignore($"the driver did not accept {name} (feature bit {bit}): not supported");
            }
        }

        /// <summary>The entry of the superblock of <paramref name="fsType"/> in <paramref name="reply"/>.</summary>
        public static SuperblockEntry EntryOf(FsFreezeReply reply, string fsType)
        {
            foreach (SuperblockEntry e in reply.Entries)
            {
                if (e.FsType == fsType)
                {
                    return e;
                }
            }

            Assert.Fail($"no {fsType} entry in the reply");
            throw new InvalidOperationException();
        }

        /// <summary>No driver requirement broken as the back-end saw it, and no kernel warning on the console.</summary>
        public void AssertClean()
        {
            List<string> violations = Backend.Violations();
            string console = KernelWarnings(Guest.Console);
            Assert.Multiple(() =>
            {
                Assert.That(violations, Is.Empty, "the reference device in checking mode saw the driver break these");
                Assert.That(console, Does.Not.Contain("BUG:").And.Not.Contain("WARNING:").And.Not.Contain("Call Trace"), "kernel warnings");
            });
        }

        /// <summary>
        /// The console without the warnings of the transport itself (arch/um/drivers/virtio_uml.c): vu_interrupt's
        /// "read returned 0" when a back-end closes a ring's call pipe as the rings stop, and vu_del_vqs's when the
        /// back-end is gone. They come at device teardown whatever driver is bound.
        /// </summary>
        public static string KernelWarnings(string console)
        {
            var kept = new System.Text.StringBuilder();
            bool skipping = false;
            foreach (string line in console.Split('\n'))
            {
                if (line.Contains("WARNING:", StringComparison.Ordinal) && line.Contains("arch/um/drivers/virtio_uml.c", StringComparison.Ordinal))
                {
                    skipping = true;
                }

                if (!skipping)
                {
                    kept.AppendLine(line);
                }

                if (line.Contains("---[ end trace", StringComparison.Ordinal))
                {
                    skipping = false;
                }
            }

            return kept.ToString();
        }

        /// <summary>Signals /stop, waits for the guest to halt (killing it at the timeout) and stops the back-end.</summary>
        public void Dispose()
        {
            try
            {
                if (!Guest.HasExited)
                {
                    Guest.Signal("stop");
                    Guest.WaitForExit(TimeSpan.FromSeconds(60));
                }
            }
            finally
            {
                TestContext.Out.WriteLine("---- back-end log ----\n" + Backend.Log);
                Backend.Dispose();
                Guest.Dispose();
            }
        }
    }
}
