using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace ChatHub.Testing.BotFramework;

/// <summary>The issuer's HTTP side: metadata, keys and the token endpoint.</summary>
public sealed partial class FakeTokenIssuer
{
    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var origin = BaseAddress.ToString().TrimEnd('/');
        switch (path)
        {
            case "/v1/.well-known/openidconfiguration":
                Interlocked.Increment(ref _metadataFetches);
                if (FailMetadata)
                {
                    await JsonAsync(context, 500, new JsonObject { ["error"] = "unavailable" });
                    return;
                }

                await JsonAsync(context, 200, new JsonObject
                {
                    ["issuer"] = BotConnectorIssuer,
                    ["authorization_endpoint"] = "https://invalid.botframework.com",
                    ["jwks_uri"] = $"{origin}/v1/.well-known/keys",
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                    ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
                });
                return;
            case "/v1/.well-known/keys":
                await JsonAsync(context, 200, Jwks(_botConnectorKeys));
                return;
            case "/common/v2.0/.well-known/openid-configuration":
                await JsonAsync(context, 200, new JsonObject
                {
                    ["issuer"] = "https://login.microsoftonline.com/{tenantid}/v2.0",
                    ["jwks_uri"] = $"{origin}/common/discovery/v2.0/keys",
                    ["token_endpoint"] = TokenEndpoint.ToString(),
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                });
                return;
            case "/common/discovery/v2.0/keys":
                await JsonAsync(context, 200, Jwks(_entraKeys));
                return;
        }

        if (path == TokenEndpoint.AbsolutePath && HttpMethods.IsPost(context.Request.Method))
        {
            await TokenAsync(context);
            return;
        }

        await JsonAsync(context, 404, new JsonObject { ["error"] = "not_found" });
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        (int Status, string Body)? fault = null;
        lock (_gate)
        {
            if (_tokenFaults.Count > 0)
            {
                fault = _tokenFaults.Dequeue();
            }
        }

        if (fault is { } f)
        {
            context.Response.StatusCode = f.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(f.Body, context.RequestAborted);
            return;
        }

        if (form["grant_type"] != "client_credentials" || form["client_id"] != AppId || form["client_secret"] != AppPassword
            || form["scope"] != ConnectorAudience + "/.default")
        {
            await JsonAsync(context, 401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided." });
            return;
        }

        Interlocked.Increment(ref _tokenRequests);
        var token = Sign(_accessTokenKey, $"https://login.microsoftonline.com/{TenantId}/v2.0", ConnectorAudience,
            new Dictionary<string, object> { ["azp"] = AppId, ["tid"] = TenantId }, DateTimeOffset.UtcNow.AddHours(1), null);
        await JsonAsync(context, 200, new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3599, ["ext_expires_in"] = 3599, ["access_token"] = token });
    }

    private JsonObject Jwks(List<SigningKey> keys)
    {
        lock (_gate)
        {
            return new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k.ToJwk())]) };
        }
    }

    private static Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private sealed record SigningKey(string KeyId, RsaSecurityKey Key, string[] Endorsements)
    {
        public static SigningKey Create(string keyId, string[] endorsements) =>
            new(keyId, new RsaSecurityKey(RSA.Create(2048)) { KeyId = keyId }, endorsements);

        public JsonObject ToJwk()
        {
            var parameters = Key.Rsa.ExportParameters(includePrivateParameters: false);
            var jwk = new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
            if (Endorsements.Length > 0)
            {
                jwk["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode)e)]);
            }

            return jwk;
        }
    }
}
