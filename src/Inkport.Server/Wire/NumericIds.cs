using System.Security.Cryptography;
using System.Text;

namespace Inkport.Server.Wire;

/// <summary>The numeric ids some legacy APIs show beside a token (e.g. a folder's `id`): derived from the
/// token, so they are stable without being stored.</summary>
public static class NumericIds
{
    public static string Of(string token)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
        var value = BitConverter.ToUInt64(hash, 0) % 1_000_000_000_000_000_000UL;
        return "7" + value.ToString("D18");
    }
}
