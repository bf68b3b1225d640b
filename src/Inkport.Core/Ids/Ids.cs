using System.Security.Cryptography;

namespace Inkport.Core.Ids;

/// <summary>Identifiers from a CSPRNG, in Feishu's shapes (spec/04 §7): a token is a capability,
/// so none is guessable or sequential.</summary>
public static class Ids
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string Digits = "0123456789";

    /// <summary>27 characters of [A-Za-z0-9]: files, folders, documents, blocks.</summary>
    public static string Token() => Random(null, Alnum, 27);

    /// <summary>19-digit decimal string: import tickets, upload ids.</summary>
    public static string Ticket() => Random("7", Digits, 18);

    /// <summary>Bearer token with its type prefix ("t-", "a-", "u-").</summary>
    public static string AccessToken(string prefix) => Random(prefix, Alnum, 40);

    /// <summary>6 characters: sheet ids such as "sxj5ws".</summary>
    public static string SheetId() => Random(null, LowerAlnum, 6);

    /// <summary>"tbl" + 13: bitable table ids.</summary>
    public static string TableId() => Random("tbl", Alnum, 13);

    /// <summary>"fld" + 7: bitable field ids.</summary>
    public static string FieldId() => Random("fld", Alnum, 7);

    /// <summary>"rec" + 7: bitable record ids.</summary>
    public static string RecordId() => Random("rec", Alnum, 7);

    /// <summary>"opt" + 7: select option ids.</summary>
    public static string OptionId() => Random("opt", Alnum, 7);

    /// <summary>Request log id, like Feishu's X-Tt-Logid (timestamp-ish digits then hex).</summary>
    public static string LogId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMddHHmmss") + Convert.ToHexString(RandomNumberGenerator.GetBytes(10));

    public static bool IsToken(string? s) => s is { Length: 27 } && s.All(char.IsAsciiLetterOrDigit);

    private static string Random(string? prefix, string alphabet, int length)
    {
        var prefixLength = prefix?.Length ?? 0;
        return string.Create(prefixLength + length, (prefix, alphabet), static (chars, state) =>
        {
            state.prefix.AsSpan().CopyTo(chars);
            RandomBytes.Fill(chars[(state.prefix?.Length ?? 0)..], state.alphabet);
        });
    }

    /// <summary>CSPRNG bytes drawn a few kilobytes at a time per thread: an import names 20,000 blocks or
    /// 150,000 records, and one system call per id cost more than the rest of naming them.</summary>
    private static class RandomBytes
    {
        [ThreadStatic] private static byte[]? t_buffer;
        [ThreadStatic] private static int t_next;

        public static void Fill(Span<char> chars, string alphabet)
        {
            // Bytes at or above the largest multiple of the alphabet's size are skipped, so every
            // character is equally likely (the modulo would favour the first ones).
            var limit = 256 - 256 % alphabet.Length;
            for (var i = 0; i < chars.Length;)
            {
                var value = Next();
                if (value < limit) chars[i++] = alphabet[value % alphabet.Length];
            }
        }

        private static byte Next()
        {
            if (t_buffer is null || t_next == t_buffer.Length)
            {
                RandomNumberGenerator.Fill(t_buffer ??= new byte[4096]);
                t_next = 0;
            }
            return t_buffer[t_next++];
        }
    }
}
