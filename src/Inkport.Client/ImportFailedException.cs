namespace Inkport.Client;

/// <summary>An import task that ended in failure: its `job_status` names why.</summary>
public sealed class ImportFailedException : Exception
{
    /// <summary>Creates the exception for a failed task.</summary>
    public ImportFailedException(string ticket, int jobStatus, string jobErrorMsg)
        : base($"import {ticket} failed with job_status {jobStatus} ({JobStatuses.Describe(jobStatus)})" +
               (string.IsNullOrEmpty(jobErrorMsg) ? "" : $": {jobErrorMsg}"))
    {
        Ticket = ticket;
        JobStatus = jobStatus;
        JobErrorMsg = jobErrorMsg;
    }

    /// <summary>The import task's ticket.</summary>
    public string Ticket { get; }

    /// <summary>The failure status, e.g. 129 (file damaged); see <see cref="JobStatuses"/>.</summary>
    public int JobStatus { get; }

    /// <summary>The server's job_error_msg.</summary>
    public string JobErrorMsg { get; }

    /// <summary>What <see cref="JobStatus"/> means.</summary>
    public string Meaning => JobStatuses.Describe(JobStatus);
}

/// <summary>An import still pending when the wait's time limit ran out.</summary>
public sealed class ImportTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public ImportTimeoutException(string ticket, int lastJobStatus, TimeSpan waited)
        : base($"import {ticket} still pending (job_status {lastJobStatus}) after {waited.TotalSeconds:0.#} s")
    {
        Ticket = ticket;
        LastJobStatus = lastJobStatus;
    }

    /// <summary>The import task's ticket (poll it again later to resume).</summary>
    public string Ticket { get; }

    /// <summary>The last status seen (1 queued, 2 processing, 0 without a token yet).</summary>
    public int LastJobStatus { get; }
}

/// <summary>The `job_status` values of an import task (spec/03 §2.2).</summary>
public static class JobStatuses
{
    /// <summary>Done: the document exists (check `extra` for truncation).</summary>
    public const int Success = 0;
    /// <summary>Queued.</summary>
    public const int Initializing = 1;
    /// <summary>Converting.</summary>
    public const int Processing = 2;

    private static readonly Dictionary<int, string> Meanings = new()
    {
        [0] = "success",
        [1] = "initializing",
        [2] = "processing",
        [3] = "internal error",
        [100] = "the document is encrypted or password-protected",
        [101] = "internal error",
        [102] = "internal error",
        [103] = "internal error",
        [104] = "tenant storage capacity insufficient",
        [105] = "too many nodes in the folder",
        [106] = "internal error",
        [108] = "processing timed out",
        [109] = "internal error",
        [110] = "no permission",
        [112] = "format not supported",
        [113] = "Office format not supported",
        [114] = "internal error",
        [115] = "import file too large",
        [116] = "no permission on the target folder",
        [117] = "the target folder was deleted",
        [118] = "the file's extension does not match the task's file_extension",
        [119] = "the target folder does not exist",
        [120] = "the file's type does not match the task's type",
        [121] = "the import file expired",
        [122] = "export forbidden while a copy is being created",
        [129] = "the file is damaged: save it as a new file and retry",
        [5000] = "internal error",
        [7000] = "the document has more blocks than allowed",
        [7001] = "blocks are nested deeper than allowed",
        [7002] = "a block is larger than allowed",
    };

    /// <summary>The documented meaning, or "undocumented status" for a value the documentation does not list.</summary>
    public static string Describe(int jobStatus) => Meanings.GetValueOrDefault(jobStatus, "undocumented status");

    /// <summary>Still running: 1, 2, or 0 before the document's token is set (as Feishu's CLI treats it).</summary>
    public static bool IsPending(int jobStatus, string? token) =>
        jobStatus is Initializing or Processing || (jobStatus == Success && string.IsNullOrEmpty(token));
}
