using System.Security.Cryptography;

namespace Inkport.Core.Ids;

/// <summary>Identifiers from a CSPRNG, in Feishu's shapes (spec/04 §7): a token is a capability,
/// so none is guessable or sequential.</summary>
public static class Ids
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>27 characters of [A-Za-z0-9]: files, folders, documents, blocks.</summary>
    public static string Token() => RandomNumberGenerator.GetString(Alnum, 27);

    /// <summary>19-digit decimal string: import tickets, upload ids.</summary>
    public static string Ticket() => "7" + RandomNumberGenerator.GetString("0123456789", 18);

    /// <summary>Bearer token with its type prefix ("t-", "a-", "u-").</summary>
    public static string AccessToken(string prefix) => prefix + RandomNumberGenerator.GetString(Alnum, 40);

    /// <summary>6 characters: sheet ids such as "sxj5ws".</summary>
    public static string SheetId() => RandomNumberGenerator.GetString(LowerAlnum, 6);

    /// <summary>"tbl" + 13: bitable table ids.</summary>
    public static string TableId() => "tbl" + RandomNumberGenerator.GetString(Alnum, 13);

    /// <summary>"fld" + 7: bitable field ids.</summary>
    public static string FieldId() => "fld" + RandomNumberGenerator.GetString(Alnum, 7);

    /// <summary>"rec" + 7: bitable record ids.</summary>
    public static string RecordId() => "rec" + RandomNumberGenerator.GetString(Alnum, 7);

    /// <summary>"opt" + 7: select option ids.</summary>
    public static string OptionId() => "opt" + RandomNumberGenerator.GetString(Alnum, 7);

    /// <summary>Request log id, like Feishu's X-Tt-Logid (timestamp-ish digits then hex).</summary>
    public static string LogId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMddHHmmss") + Convert.ToHexString(RandomNumberGenerator.GetBytes(10));

    public static bool IsToken(string? s) => s is { Length: 27 } && s.All(char.IsAsciiLetterOrDigit);
}
