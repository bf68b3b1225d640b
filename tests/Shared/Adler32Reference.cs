namespace Inkport.Tests.Shared;

/// <summary>RFC 1950's definition of Adler-32, one byte and one reduction at a time: the oracle the
/// server's and the client's fast implementations are tested against.</summary>
internal static class Adler32Reference
{
    public static uint Of(ReadOnlySpan<byte> data)
    {
        ulong a = 1, b = 0;
        foreach (var x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }
        return (uint)(b << 16 | a);
    }
}
