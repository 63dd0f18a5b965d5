using System.Security.Cryptography;
using ChatHub.Adapters.WebChat;
using ChatHub.Sqlite.Database;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite;

/// <summary>
/// Without <c>Channels:WebChat:TokenKey</c>, the key that signs web-chat conversation tokens is drawn once and kept in the
/// database (<c>meta.webchat_token_key</c>), so a widget's token still opens its conversation after a restart.
/// </summary>
internal sealed class StoredWebChatTokenKey(SqliteDatabaseHolder holder) : IPostConfigureOptions<WebChatOptions>
{
    public void PostConfigure(string? name, WebChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.TokenKey))
        {
            return;
        }

        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        options.TokenKey = holder.Database.WriteAsync(s =>
        {
            s.Execute("INSERT INTO meta (key, value) VALUES ('webchat_token_key', $p0) ON CONFLICT DO NOTHING", candidate);
            return s.Text("SELECT value FROM meta WHERE key = 'webchat_token_key'")!;
        }).GetAwaiter().GetResult(); // once, at start; the writer is a thread of its own
    }
}
