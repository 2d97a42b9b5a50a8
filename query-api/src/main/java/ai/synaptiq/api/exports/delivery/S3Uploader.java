package ai.synaptiq.api.exports.delivery;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Puts the file into an S3 bucket (AWS SDK v2), or into any S3-compatible store given its
 * endpoint. Checksums are only sent where S3 requires them, which S3-compatible stores accept.
 */
public final class S3Uploader {

    public void put(Destination.S3 d, StoredFile file) throws DeliveryException {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(d.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(d.accessKeyId(), d.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .forcePathStyle(d.pathStyle());
        if (!d.endpoint().isEmpty()) {
            b.endpointOverride(URI.create(d.endpoint()));
        }
        String key = d.prefix() + file.name();
        try (S3Client s3 = b.build()) {
            s3.putObject(PutObjectRequest.builder().bucket(d.bucket()).key(key).contentType(file.contentType()).contentLength(file.size()).build(),
                    RequestBody.fromContentProvider(() -> file.content().get(), file.size(), file.contentType()));
        } catch (SdkException e) {
            throw new DeliveryException("upload to s3://" + d.bucket() + "/" + key + " failed: " + e.getMessage(), e);
        }
    }
}
