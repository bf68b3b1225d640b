namespace Inkport.Client;

/// <summary>Where the client connects, with which app, and how patient it is.</summary>
public sealed class InkportClientOptions
{
    /// <summary>A local Inkport server with its default settings.</summary>
    public static readonly Uri InkportBaseUrl = new("http://127.0.0.1:8700");

    /// <summary>The real Feishu service (China).</summary>
    public static readonly Uri FeishuBaseUrl = new("https://open.feishu.cn");

    /// <summary>The real Lark service (international).</summary>
    public static readonly Uri LarkBaseUrl = new("https://open.larksuite.com");

    /// <summary>Scheme and host of the API; paths start with /open-apis. Default: a local Inkport.</summary>
    public Uri BaseUrl { get; set; } = InkportBaseUrl;

    /// <summary>The app id (cli_...), used to obtain the tenant access token.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The app secret.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>Retries of a transient failure (throttling, 5xx, timeouts) after the first attempt.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First backoff delay when the server gives no x-ogw-ratelimit-reset; it doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest single wait before a retry, the server's x-ogw-ratelimit-reset included.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Limit for one HTTP request (a 4 MB part or a 20 MB upload included).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Client-side pacing of POST import_tasks; Feishu allows 100 a minute per app (spec/03 §1).
    /// 0 turns the pacing off (the server's 1069923 is still retried).</summary>
    public int ImportCreatesPerMinute { get; set; } = 100;

    /// <summary>Client-side pacing of GET import_tasks/:ticket per second; Feishu allows 50 (tier 4). 0 = off.</summary>
    public int ImportGetsPerSecond { get; set; } = 50;

    /// <summary>Client-side pacing of GET import_tasks/:ticket per minute; Feishu allows 1000 (tier 4). 0 = off.</summary>
    public int ImportGetsPerMinute { get; set; } = 1000;

    /// <summary>The clock for token expiry, backoff and pacing (tests replace it).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal InkportClientOptions Validated()
    {
        if (!BaseUrl.IsAbsoluteUri) throw new ArgumentException("BaseUrl must be an absolute URL such as http://127.0.0.1:8700", nameof(BaseUrl));
        if (string.IsNullOrWhiteSpace(AppId) || string.IsNullOrWhiteSpace(AppSecret))
            throw new ArgumentException("AppId and AppSecret are required to obtain a tenant access token");
        if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries));
        return this;
    }
}
