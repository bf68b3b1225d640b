namespace Inkport.Client;

/// <summary>An API call that did not succeed: a non-zero Feishu code, an HTTP error, or no usable answer.
/// The client never swallows one; transient ones were already retried when this is thrown.</summary>
public sealed class InkportApiException : Exception
{
    /// <summary>The code used when the server gave no Feishu code (no answer, or a body that is not the JSON envelope).</summary>
    public const int NoCode = -1;

    /// <summary>Creates the exception for one failed call.</summary>
    public InkportApiException(int code, string msg, int httpStatus, string? logId, bool isTransient, string request, Exception? inner = null)
        : base(Describe(code, msg, httpStatus, logId, request), inner)
    {
        Code = code;
        Msg = msg;
        HttpStatus = httpStatus;
        LogId = logId;
        IsTransient = isTransient;
        Request = request;
    }

    /// <summary>The Feishu code (e.g. 1069910), or <see cref="NoCode"/>.</summary>
    public int Code { get; }

    /// <summary>The server's msg text (not stable: branch on <see cref="Code"/>).</summary>
    public string Msg { get; }

    /// <summary>The HTTP status, or 0 when no response arrived.</summary>
    public int HttpStatus { get; }

    /// <summary>The request's log id (X-Tt-Logid or error.log_id), to quote when asking for support.</summary>
    public string? LogId { get; }

    /// <summary>Whether retrying later may succeed (throttling, 5xx, timeouts).</summary>
    public bool IsTransient { get; }

    /// <summary>The method and path of the failed call.</summary>
    public string Request { get; }

    private static string Describe(int code, string msg, int httpStatus, string? logId, string request)
    {
        var status = httpStatus == 0 ? "no response" : $"HTTP {httpStatus}";
        var codeText = code == NoCode ? "" : $"code {code} ";
        return $"{request}: {codeText}{msg} ({status}{(logId is null ? "" : $", log id {logId}")})";
    }
}
