using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace ChatHub.Resp;

/// <summary>A Lua script and its SHA1, for <see cref="RespClient.EvalAsync"/> (EVALSHA, falling back to EVAL on NOSCRIPT).</summary>
public sealed class RespScript
{
    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "Redis names scripts by SHA1; this is no security use.")]
    public RespScript(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Text = text;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public string Text { get; }

    /// <summary>The lowercase hex SHA1 of the UTF-8 text, as SCRIPT LOAD returns it.</summary>
    public string Sha1 { get; }

    public override string ToString() => $"script {Sha1}";
}
