<!DOCTYPE html><html><head><title>附件下载</title></head><body><p>下载参数错误，请从信息页面下载附件。</p></body></html>
