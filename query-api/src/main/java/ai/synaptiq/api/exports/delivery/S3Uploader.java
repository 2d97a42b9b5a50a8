package ai.synaptiq.api.exports.delivery;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Puts the file into an S3 bucket (AWS SDK v2), into any S3-compatible store given its
 * endpoint, or into a Google Cloud Storage bucket through GCS's S3-compatible XML API. Checksums are only sent where S3 requires them, which S3-compatible stores accept.
 * Host names resolve through {@link DestinationPolicy#resolver()} (no proxy, no redirect), and
 * the whole call ends within {@code deadline}; a failed upload is retried by the run's own
 * schedule of retries, not by the SDK.
 */
public final class S3Uploader {
    private final DestinationPolicy policy;
    private final Duration deadline;
    private final URI gcsEndpoint;

    public S3Uploader(DestinationPolicy policy, Duration deadline, String gcsEndpoint) {
        this.policy = policy;
        this.deadline = deadline;
        this.gcsEndpoint = URI.create(gcsEndpoint);
    }

    /** Puts {@code file} under {@code prefix + name} (the name may hold folders, e.g. {@code dt=2026-03-15/leads-run.jsonl.gz}). */
    public void put(Destination.S3 d, String secretAccessKey, String name, StoredFile file) throws DeliveryException {
        upload("s3://", d.bucket(), d.prefix() + name, Region.of(d.region()), d.endpoint().isEmpty() ? null : URI.create(d.endpoint()),
                d.pathStyle(), true, AwsBasicCredentials.create(d.accessKeyId(), secretAccessKey), file);
    }

    /**
     * Puts the file through Google Cloud Storage's S3-compatible XML API with an HMAC key: its own
     * endpoint, path-style addressing, signed for region {@code auto}, and the body sent whole with
     * its length, never as {@code aws-chunked} (which GCS refuses).
     */
    public void put(Destination.Gcs d, String secret, String name, StoredFile file) throws DeliveryException {
        upload("gs://", d.bucket(), d.prefix() + name, Region.of("auto"), gcsEndpoint, true, false,
                AwsBasicCredentials.create(d.accessId(), secret), file);
    }

    private void upload(String scheme, String bucket, String key, Region region, URI endpoint, boolean pathStyle, boolean chunked,
            AwsBasicCredentials credentials, StoredFile file) throws DeliveryException {
        S3ClientBuilder b = S3Client.builder()
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(ApacheHttpClient.builder().dnsResolver(policy.resolver()).connectionTimeout(deadline).socketTimeout(deadline)
                        .proxyConfiguration(ProxyConfiguration.builder().useSystemPropertyValues(false).useEnvironmentVariableValues(false).build()))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(deadline).retryPolicy(RetryPolicy.none()).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(chunked).build())
                .forcePathStyle(pathStyle);
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        String where = scheme + bucket + "/" + key;
        try (S3Client s3 = b.build()) {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(file.contentType()).contentLength(file.size()).build(),
                    RequestBody.fromContentProvider(() -> file.content().get(), file.size(), file.contentType()));
        } catch (ApiCallTimeoutException e) {
            throw new DeliveryException("upload to " + where + " did not end within " + deadline.toSeconds() + " s", null);
        } catch (SdkException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof DestinationPolicy.RefusedHost) {
                    throw new DeliveryException(DestinationPolicy.REFUSED, null);
                }
            }
            throw new DeliveryException("upload to " + where + " failed: " + e.getMessage(), e);
        }
    }
}
