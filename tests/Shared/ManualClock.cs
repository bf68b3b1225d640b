namespace Inkport.Tests.Shared;

/// <summary>A clock the test moves by hand, optionally frozen so that fixed windows cannot roll over
/// mid-test; timers still run on real time (leases, polling). Shared by the server's and the client's tests.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;
    private DateTimeOffset? _frozenAt;

    public override DateTimeOffset GetUtcNow() => (_frozenAt ?? base.GetUtcNow()).AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Stops the clock at the start of a minute, so windows of a second or a minute hold still.</summary>
    public void FreezeAtMinuteStart()
    {
        var now = base.GetUtcNow();
        _frozenAt = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMinute));
    }

    /// <summary>Moves to the start of the next minute, so a test's burst of calls falls in one rate-limit window.</summary>
    public void AdvanceToMinuteStart()
    {
        var now = GetUtcNow();
        Advance(TimeSpan.FromTicks(TimeSpan.TicksPerMinute - now.UtcTicks % TimeSpan.TicksPerMinute));
    }
}
