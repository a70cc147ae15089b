using System;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>APP_NOTICE (FF-DRV-30, FF-DRV-31): who is told, who is late, and who hears of the thaw.</summary>
    public sealed class DriverNoticeTests
    {
        [Test]
        [Category("FF-DRV-30")]
        public void WithNoticeMsZero_NoApplicationIsTold_NorToldOfTheThaw()
        {
            var rig = new DriverRig().Bound();
            rig.Disk("/");
            var app = new SimulatedApplication("db", rig.Scheduler, TimeSpan.Zero);
            rig.Driver.Register(app);
            Assert.That(rig.Freeze(noticeMs: 0).Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(rig.Thaw().Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.Multiple(() =>
            {
                Assert.That(app.FreezeNotices, Is.Zero);
                Assert.That(app.ThawNotices, Is.Zero, "FF-DRV-31: only applications that were told");
            });
        }

        [Test]
        [Category("FF-DRV-31")]
        public void TheThawNotice_FollowsOnlyTheFreezeThatGaveNotice()
        {
            var rig = new DriverRig().Bound();
            rig.Disk("/");
            var app = new SimulatedApplication("db", rig.Scheduler, TimeSpan.FromMilliseconds(1));
            rig.Driver.Register(app);
            Assert.That(rig.Freeze(noticeMs: 100).Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(rig.Thaw().Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(app.ThawNotices, Is.EqualTo(1));
            Assert.That(rig.Freeze(noticeMs: 0).Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(rig.Thaw().Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.Multiple(() =>
            {
                Assert.That(app.FreezeNotices, Is.EqualTo(1));
                Assert.That(app.ThawNotices, Is.EqualTo(1));
            });
        }

        [Test]
        [Category("FF-DRV-31")]
        [Category("FF-DRV-20")]
        public void ANoticedFreezeWithNothingEligible_TellsTheApplicationsItIsOver()
        {
            var rig = new DriverRig().Bound();
            rig.World.MountPseudo(FilesystemTypes.Proc, "/proc");
            var app = new SimulatedApplication("db", rig.Scheduler, TimeSpan.FromMilliseconds(1));
            rig.Driver.Register(app);
            FsFreezeReply reply = rig.Freeze(noticeMs: 100);
            Assert.Multiple(() =>
            {
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(app.FreezeNotices, Is.EqualTo(1));
                Assert.That(app.ThawNotices, Is.EqualTo(1));
                Assert.That(rig.Driver.DeadlineDue, Is.Null);
            });
        }

        [Test]
        [Category("FF-DRV-30")]
        public void ALateAnswer_IsIgnored_TheNoticeIsClosed_AndCountedLate()
        {
            var rig = new DriverRig().Bound();
            rig.Disk("/");
            var late = new CapturingApplication("late");
            var prompt = new SimulatedApplication("prompt", rig.Scheduler, TimeSpan.FromMilliseconds(1));
            rig.Driver.Register(late);
            rig.Driver.Register(prompt);
            FsFreezeReply reply = rig.Freeze(noticeMs: 50);
            Assert.Multiple(() =>
            {
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(reply.NoticeLate, Is.EqualTo(1u));
                Assert.That(late.Notice!.IsClosed, Is.True, "the driver stopped waiting");
            });
        }

        [Test]
        [Category("FF-DRV-30")]
        public void AnAnswerNamingNoApplication_DoesNotCount()
        {
            var rig = new DriverRig().Bound();
            rig.Disk("/");
            var confused = new CapturingApplication("confused") { AnswerNull = true };
            rig.Driver.Register(confused);
            TimeSpan start = rig.Scheduler.Clock.Now;
            FsFreezeReply reply = rig.Freeze(noticeMs: 50);
            Assert.Multiple(() =>
            {
                Assert.That(reply.NoticeLate, Is.EqualTo(1u));
                Assert.That(rig.Scheduler.Clock.Now - start, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(50)), "the driver waited the whole notice");
            });
        }

        [Test]
        [Category("FF-DRV-30")]
        public void AnAnswerAtOnce_EndsTheWait_AtOnce()
        {
            var rig = new DriverRig().Bound();
            rig.Disk("/");
            var eager = new CapturingApplication("eager") { AnswerAtOnce = true };
            rig.Driver.Register(eager);
            TimeSpan start = rig.Scheduler.Clock.Now;
            FsFreezeReply reply = rig.Freeze(noticeMs: 5000);
            Assert.Multiple(() =>
            {
                Assert.That(reply.NoticeLate, Is.Zero);
                Assert.That(rig.Scheduler.Clock.Now - start, Is.LessThan(TimeSpan.FromMilliseconds(5000)));
            });
        }

        /// <summary>An application that keeps its notice, and answers at once, with null, or never.</summary>
        private sealed class CapturingApplication : GuestApplication
        {
            public CapturingApplication(string name)
                : base(name)
            {
            }

            public bool AnswerNull { get; init; }

            public bool AnswerAtOnce { get; init; }

            public FreezeNotice? Notice { get; private set; }

            protected internal override void OnFreezeComing(FreezeNotice notice)
            {
                Notice = notice;
                if (AnswerNull)
                {
                    notice.Prepared(null!);
                }
                else if (AnswerAtOnce)
                {
                    notice.Prepared(this);
                    notice.Prepared(this);
                }
            }

            protected internal override void OnThawed()
            {
            }
        }
    }
}
