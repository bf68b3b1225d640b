using Inkport.Conversion;

namespace Inkport.Core.Imports;

public enum ImportState
{
    /// <summary>Created and queued; job_status 1.</summary>
    Initializing = 1,
    /// <summary>Claimed by a worker under a lease; job_status 2.</summary>
    Processing = 2,
    /// <summary>The document exists; job_status 0 with token and url.</summary>
    Succeeded = 3,
    /// <summary>Ended without a document; job_status is the failure code.</summary>
    Failed = 4,
}

/// <summary>An import task. The task table is the queue: a worker claims a task with a lease,
/// and a task whose lease expired is claimed again, with the same document token, so the
/// document is created once however often the work restarts.</summary>
public sealed record ImportTask
{
    public required string Ticket { get; init; }
    public required string AppId { get; init; }
    public required string TenantKey { get; init; }
    public required string OwnerId { get; init; }
    public required string FileToken { get; init; }
    public required string FileExtension { get; init; }
    public required ImportTarget Target { get; init; }
    public required string FileName { get; init; }
    /// <summary>Token of the folder the document is created in (the caller's root for "").</summary>
    public required string FolderToken { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    public ImportState State { get; init; } = ImportState.Initializing;
    public int JobStatus { get; init; } = JobStatusCodes.Initializing;
    public string JobErrorMsg { get; init; } = "";
    /// <summary>Chosen at the first claim and kept across retries.</summary>
    public string? DocumentToken { get; init; }
    public IReadOnlyList<string> Extra { get; init; } = [];
    public DateTimeOffset UpdatedAt { get; init; }
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    /// <summary>How many times a worker has claimed the task.</summary>
    public int Attempts { get; init; }

    public bool IsTerminal => State is ImportState.Succeeded or ImportState.Failed;

    /// <summary>Initializing, or Processing with an expired lease, becomes Processing under this worker's lease.</summary>
    public ImportTask Claim(string worker, string documentToken, DateTimeOffset now, TimeSpan lease)
    {
        var claimable = State == ImportState.Initializing
            || (State == ImportState.Processing && LeaseExpiresAt <= now);
        if (!claimable)
            throw new InvalidOperationException($"import task {Ticket} in state {State} cannot be claimed at {now:O}");
        return this with
        {
            State = ImportState.Processing, JobStatus = JobStatusCodes.Processing,
            DocumentToken = DocumentToken ?? documentToken,
            LeaseOwner = worker, LeaseExpiresAt = now + lease, Attempts = Attempts + 1, UpdatedAt = now,
        };
    }

    public ImportTask Succeed(string worker, IReadOnlyList<string> extra, DateTimeOffset now)
    {
        EnsureHeldBy(worker, nameof(Succeed));
        return this with
        {
            State = ImportState.Succeeded, JobStatus = JobStatusCodes.Success, JobErrorMsg = "success",
            Extra = extra, LeaseOwner = null, LeaseExpiresAt = null, UpdatedAt = now,
        };
    }

    public ImportTask Fail(string worker, int jobStatus, string message, DateTimeOffset now)
    {
        EnsureHeldBy(worker, nameof(Fail));
        if (jobStatus is JobStatusCodes.Success or JobStatusCodes.Initializing or JobStatusCodes.Processing)
            throw new ArgumentOutOfRangeException(nameof(jobStatus), jobStatus, "a failure needs a failure job_status");
        return this with
        {
            State = ImportState.Failed, JobStatus = jobStatus, JobErrorMsg = message,
            LeaseOwner = null, LeaseExpiresAt = null, UpdatedAt = now,
        };
    }

    private void EnsureHeldBy(string worker, string transition)
    {
        if (State != ImportState.Processing || LeaseOwner != worker)
            throw new InvalidOperationException($"import task {Ticket}: {transition} by {worker} but state is {State} held by {LeaseOwner ?? "nobody"}");
    }
}
