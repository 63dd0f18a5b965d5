using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// The images of the requests the model stage is running, by a random token. The chat prompt carries only a
/// placeholder per image (<c>&lt;image&gt;chathub-image:TOKEN/N&lt;/image&gt;</c>): the bytes must not go through the
/// rendered prompt (the prompt-render filters mask text in it, and Semantic Kernel's parser keeps an image as a
/// <see cref="Uri"/>, at most 64 KB), so <see cref="ImagePartsChatClient"/> puts them back on the way to the model.
/// An entry lives while its request runs.
/// </summary>
internal sealed class ModelStageImages
{
    public const string Scheme = "chathub-image";

    // Consonants only: a token cannot spell a word the moderation list might mask, nor a phone number.
    private const string Alphabet = "bcdfghjkmnpqrstvwxz";

    private readonly ConcurrentDictionary<string, IReadOnlyList<DataContent>> _requests = new(StringComparer.Ordinal);

    public int Count => _requests.Count;

    public string Register(IReadOnlyList<DataContent> images)
    {
        var token = RandomNumberGenerator.GetString(Alphabet, 24);
        _requests[token] = images;
        return token;
    }

    public void Release(string token) => _requests.TryRemove(token, out _);

    public static string Placeholder(string token, int index) => $"{Scheme}:{token}/{index}";

    /// <summary>The image a placeholder stands for, or null (an unknown or released token, or not a placeholder).</summary>
    public DataContent? Resolve(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri || uri.Scheme != Scheme)
        {
            return null;
        }

        var path = uri.AbsolutePath;
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && _requests.TryGetValue(path[..slash], out var images)
            && int.TryParse(path[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var index)
            && index >= 0 && index < images.Count ? images[index] : null;
    }
}
