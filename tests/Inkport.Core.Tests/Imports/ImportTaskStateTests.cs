using Inkport.Conversion;
using Inkport.Core.Imports;

namespace Inkport.Core.Tests.Imports;

public sealed class ImportTaskStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static ImportTask NewTask() => new()
    {
        Ticket = "7000000000000000001", AppId = "cli_a", TenantKey = "t", OwnerId = "cli_a", FileToken = new string('A', 27),
        FileExtension = "md", Target = ImportTarget.Docx, FileName = "a", FolderToken = new string('F', 27), CreatedAt = T0, UpdatedAt = T0,
    };

    [Fact]
    public void A_claim_starts_processing_under_a_lease_and_keeps_the_first_document_token()
    {
        var claimed = NewTask().Claim("w1", "DOC1", T0, Lease);
        Assert.Equal(ImportState.Processing, claimed.State);
        Assert.Equal(JobStatusCodes.Processing, claimed.JobStatus);
        Assert.Equal(T0 + Lease, claimed.LeaseExpiresAt);
        Assert.Equal(1, claimed.Attempts);

        var retaken = claimed.Claim("w2", "DOC2", T0 + Lease, Lease);
        Assert.Equal("DOC1", retaken.DocumentToken);
        Assert.Equal("w2", retaken.LeaseOwner);
        Assert.Equal(2, retaken.Attempts);
    }

    [Fact]
    public void A_held_lease_cannot_be_claimed_and_finished_tasks_never()
    {
        var claimed = NewTask().Claim("w1", "DOC", T0, Lease);
        Assert.Throws<InvalidOperationException>(() => claimed.Claim("w2", "DOC", T0 + Lease - TimeSpan.FromTicks(1), Lease));
        var done = claimed.Succeed("w1", [], T0);
        Assert.Throws<InvalidOperationException>(() => done.Claim("w2", "DOC", T0 + TimeSpan.FromDays(1), Lease));
    }

    [Fact]
    public void Only_the_lease_holder_finishes_a_task()
    {
        var claimed = NewTask().Claim("w1", "DOC", T0, Lease);
        Assert.Throws<InvalidOperationException>(() => claimed.Succeed("w2", [], T0));
        Assert.Throws<InvalidOperationException>(() => claimed.Fail("w2", JobStatusCodes.Corrupt, "x", T0));
        Assert.Throws<InvalidOperationException>(() => NewTask().Succeed("w1", [], T0));
    }

    [Fact]
    public void Success_and_failure_carry_their_status()
    {
        var claimed = NewTask().Claim("w1", "DOC", T0, Lease);
        var ok = claimed.Succeed("w1", ["1000"], T0);
        Assert.Equal((ImportState.Succeeded, 0, "success"), (ok.State, ok.JobStatus, ok.JobErrorMsg));
        Assert.Equal(["1000"], ok.Extra);
        Assert.Null(ok.LeaseOwner);

        var failed = claimed.Fail("w1", JobStatusCodes.Corrupt, "file format damaged", T0);
        Assert.Equal((ImportState.Failed, 129), (failed.State, failed.JobStatus));
        Assert.Throws<ArgumentOutOfRangeException>(() => claimed.Fail("w1", JobStatusCodes.Processing, "x", T0));
    }
}
