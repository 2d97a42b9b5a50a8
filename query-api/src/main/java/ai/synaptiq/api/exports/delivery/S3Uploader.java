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
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Puts the file into an S3 bucket (AWS SDK v2), or into any S3-compatible store given its
 * endpoint. Checksums are only sent where S3 requires them, which S3-compatible stores accept.
 * Host names resolve through {@link DestinationPolicy#resolver()} (no proxy, no redirect), and
 * the whole call ends within {@code deadline}; a failed upload is retried by the run's own
 * schedule of retries, not by the SDK.
 */
public final class S3Uploader {
    private final DestinationPolicy policy;
    private final Duration deadline;

    public S3Uploader(DestinationPolicy policy, Duration deadline) {
        this.policy = policy;
        this.deadline = deadline;
    }

    /** Puts {@code file} under {@code prefix + name} (the name may hold folders, e.g. {@code dt=2026-03-15/leads-run.jsonl.gz}). */
    public void put(Destination.S3 d, String secretAccessKey, String name, StoredFile file) throws DeliveryException {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(d.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(d.accessKeyId(), secretAccessKey)))
                .httpClientBuilder(ApacheHttpClient.builder().dnsResolver(policy.resolver()).connectionTimeout(deadline).socketTimeout(deadline)
                        .proxyConfiguration(ProxyConfiguration.builder().useSystemPropertyValues(false).useEnvironmentVariableValues(false).build()))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(deadline).retryPolicy(RetryPolicy.none()).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .forcePathStyle(d.pathStyle());
        if (!d.endpoint().isEmpty()) {
            b.endpointOverride(URI.create(d.endpoint()));
        }
        String key = d.prefix() + name;
        try (S3Client s3 = b.build()) {
            s3.putObject(PutObjectRequest.builder().bucket(d.bucket()).key(key).contentType(file.contentType()).contentLength(file.size()).build(),
                    RequestBody.fromContentProvider(() -> file.content().get(), file.size(), file.contentType()));
        } catch (ApiCallTimeoutException e) {
            throw new DeliveryException("upload to s3://" + d.bucket() + "/" + key + " did not end within " + deadline.toSeconds() + " s", null);
        } catch (SdkException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof DestinationPolicy.RefusedHost) {
                    throw new DeliveryException(DestinationPolicy.REFUSED, null);
                }
            }
            throw new DeliveryException("upload to s3://" + d.bucket() + "/" + key + " failed: " + e.getMessage(), e);
        }
    }
}
