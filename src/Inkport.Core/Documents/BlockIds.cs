using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Inkport.Core.Documents;

/// <summary>Block ids that carry their block's position in the document, sealed with a key of the document:
/// "doxcn" and 22 base-62 characters of the position encrypted (AES, one 16-byte block: the position and
/// eight zero bytes). They look like Feishu's block ids, cannot be guessed or enumerated without the key,
/// and lead straight to the stored part holding the block, so a document needs no row per block to find
/// one. The page block's id is the document id (spec/05 §1.3). Not thread-safe: one per document being read
/// or written (the ciphers are created once, not per id).</summary>
internal sealed class BlockIds : IDisposable
{
    public const int KeyBytes = 16;
    private const string Prefix = "doxcn";
    private const int Digits = 22; // 62^22 > 2^128
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly string _documentId;
    private readonly Aes _aes;
    private readonly byte[] _plain = new byte[16];
    private readonly byte[] _sealed = new byte[16];
    private ICryptoTransform? _encryptor;
    private ICryptoTransform? _decryptor;

    public BlockIds(string documentId, byte[] key)
    {
        _documentId = documentId;
        _aes = Aes.Create();
        _aes.Key = key;
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
    }

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    public string IdOf(long position)
    {
        if (position == 0) return _documentId;
        Array.Clear(_plain);
        BinaryPrimitives.WriteInt64LittleEndian(_plain, position);
        (_encryptor ??= _aes.CreateEncryptor()).TransformBlock(_plain, 0, 16, _sealed, 0);
        var value = BinaryPrimitives.ReadUInt128LittleEndian(_sealed);
        return string.Create(Prefix.Length + Digits, value, static (chars, value) =>
        {
            Prefix.AsSpan().CopyTo(chars);
            for (var i = chars.Length - 1; i >= Prefix.Length; i--)
            {
                (value, var digit) = UInt128.DivRem(value, 62);
                chars[i] = Alphabet[(int)digit];
            }
        });
    }

    /// <summary>The position of <paramref name="blockId"/>; false for anything this document did not issue.</summary>
    public bool TryPositionOf(string blockId, out long position)
    {
        position = 0;
        if (blockId == _documentId) return true;
        if (blockId.Length != Prefix.Length + Digits || !blockId.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        UInt128 value = 0;
        foreach (var c in blockId.AsSpan(Prefix.Length))
        {
            var digit = Alphabet.IndexOf(c);
            if (digit < 0) return false;
            var shifted = value * 62 + (uint)digit;
            if (shifted / 62 != value) return false; // beyond 128 bits: not an id of ours
            value = shifted;
        }
        BinaryPrimitives.WriteUInt128LittleEndian(_sealed, value);
        (_decryptor ??= _aes.CreateDecryptor()).TransformBlock(_sealed, 0, 16, _plain, 0);
        if (_plain.AsSpan(8).ContainsAnyExcept((byte)0)) return false;
        position = BinaryPrimitives.ReadInt64LittleEndian(_plain);
        return position > 0;
    }

    public void Dispose()
    {
        _encryptor?.Dispose();
        _decryptor?.Dispose();
        _aes.Dispose();
    }
}
