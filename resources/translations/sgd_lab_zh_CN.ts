<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>&lt;h3&gt;SGD Lab {0}&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;SGD Lab {0}&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;A simulator that teaches mini-batch gradient descent by running it: epochs, batch size, iterations and what optimizer.step() does.&lt;/p&gt;</source>
        <translation>&lt;p&gt;一个通过实际运行来讲解小批量梯度下降的模拟器：轮次、batch size、迭代，以及 optimizer.step() 做了什么。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;SGD Lab is released under the MIT licence. It is built on:&lt;/p&gt;</source>
        <translation>&lt;p&gt;SGD Lab 以 MIT 许可证发布。它基于：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Qt and Qt for Python (PySide6): LGPLv3</source>
        <translation>Qt 与 Qt for Python（PySide6）：LGPLv3</translation>
    </message>
    <message>
        <source>pyqtgraph: MIT licence</source>
        <translation>pyqtgraph：MIT 许可证</translation>
    </message>
    <message>
        <source>PyTorch: BSD 3-Clause licence</source>
        <translation>PyTorch：BSD 3-Clause 许可证</translation>
    </message>
    <message>
        <source>NumPy: BSD 3-Clause licence</source>
        <translation>NumPy：BSD 3-Clause 许可证</translation>
    </message>
    <message>
        <source>&lt;p&gt;The 8×8 handwritten digits: E. Alpaydin and C. Kaynak, “Optical Recognition of Handwritten Digits”, UCI Machine Learning Repository, 1998 (CC BY 4.0), in the copy shipped by scikit-learn (BSD 3-Clause licence). Details: resources/data/README.md.&lt;/p&gt;</source>
        <translation>&lt;p&gt;8×8 手写数字数据：E. Alpaydin 与 C. Kaynak，“Optical Recognition of Handwritten Digits”，UCI 机器学习数据库，1998（CC BY 4.0），取自 scikit-learn 附带的副本（BSD 3-Clause 许可证）。详见 resources/data/README.md。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>AccuracyPlot</name>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>regression: no accuracy</source>
        <translation>回归：没有准确率</translation>
    </message>
</context>
<context>
    <name>BatchView</name>
    <message>
        <source>The mini-batch&apos;s images</source>
        <translation>小批量的图像</translation>
    </message>
    <message>
        <source>feature x₁</source>
        <translation>特征 x₁</translation>
    </message>
    <message>
        <source>feature x₂</source>
        <translation>特征 x₂</translation>
    </message>
    <message>
        <source>The mini-batch on the training set</source>
        <translation>训练集上的这个小批量</translation>
    </message>
    <message>
        <source>right</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Under each image: its label → the model&apos;s prediction for it at this step, in a frame that says {0} or {1}. Hover an image for its sample number.</source>
        <translation>每张图像下方：它的标签 → 模型在这一步对它的预测；边框颜色表示{0}或{1}。把鼠标移到图像上可看到它的样本编号。</translation>
    </message>
    <message>
        <source>Faint dots: the training set; big dots: this mini-batch (✕: predicted wrong); shading: the class the model predicts there. Classes: {0}</source>
        <translation>淡色小点：训练集；大点：这个小批量（✕：预测错误）；底色：模型在该处预测的类别。类别：{0}</translation>
    </message>
    <message>
        <source>Choose a dataset, then press Start (F5): each mini-batch will appear here.</source>
        <translation>选择一个数据集，然后按“开始”（F5）：每个小批量都会显示在这里。</translation>
    </message>
    <message>
        <source>Press Start (F5) or Step (F10): each mini-batch will appear here as its {0} images, each with its label and the model&apos;s prediction.</source>
        <translation>按“开始”（F5）或“单步”（F10）：每个小批量会以它的 {0} 张图像显示在这里，每张都带有标签和模型的预测。</translation>
    </message>
    <message>
        <source>Press Start (F5) or Step (F10): each mini-batch will appear here as points on the training set, over the classes the model predicts.</source>
        <translation>按“开始”（F5）或“单步”（F10）：每个小批量会显示为训练集上的点，底色是模型预测的类别。</translation>
    </message>
    <message>
        <source>{0} data-parallel workers each take their own mini-batches, in their own processes: this view draws the mini-batches of a run in one process (workers 1).</source>
        <translation>{0} 个数据并行工作进程在各自的进程中各取自己的小批量：这个视图只画单进程运行的小批量（工作进程 1）。</translation>
    </message>
    <message>
        <source>This view draws the mini-batch for image data (MNIST-sized digits, the 8×8 digits, an imported MNIST) as pictures and for two-feature classification (moons, spirals) as points. The data here, {0}, is neither, so there is nothing to draw: watch the loss and the epoch map instead.</source>
        <translation>这个视图把图像数据（MNIST 规模的数字、8×8 手写数字、导入的 MNIST）的小批量画成图像，把两个特征的分类数据（双月、螺旋）画成点。这里的数据 {0} 两者都不是，所以没有可画的：请看损失曲线和轮次地图。</translation>
    </message>
    <message>
        <source>{0} images</source>
        <translation>{0} 张图像</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 张图像</translation>
    </message>
    <message>
        <source>{0} images (the first {1} shown)</source>
        <translation>{0} 张图像（显示前 {1} 张）</translation>
    </message>
    <message>
        <source>{0} points</source>
        <translation>{0} 个点</translation>
    </message>
    <message>
        <source>1 point</source>
        <translation>1 个点</translation>
    </message>
    <message>
        <source>Epoch {0}</source>
        <translation>轮次 {0}</translation>
    </message>
    <message>
        <source>batch {0} of {1}</source>
        <translation>第 {0}/{1} 批</translation>
    </message>
    <message>
        <source>{0} right</source>
        <translation>{0} 个正确</translation>
    </message>
    <message>
        <source>A run read from a file keeps no mini-batches: start a run to see them here.</source>
        <translation>从文件读取的运行没有保存小批量：开始一次运行即可在这里看到它们。</translation>
    </message>
    <message>
        <source>Waiting for the first optimizer.step()…</source>
        <translation>等待第一次 optimizer.step()…</translation>
    </message>
    <message>
        <source>Sample {0} of the training set · label {1}</source>
        <translation>训练集的样本 {0} · 标签 {1}</translation>
    </message>
    <message>
        <source>the model said {0}</source>
        <translation>模型预测为 {0}</translation>
    </message>
</context>
<context>
    <name>ControlsPanel</name>
    <message>
        <source>Data and model</source>
        <translation>数据与模型</translation>
    </message>
    <message>
        <source>Epochs and mini-batches</source>
        <translation>轮次（epoch）与小批量</translation>
    </message>
    <message>
        <source>optimizer.step()</source>
        <translation>optimizer.step()</translation>
    </message>
    <message>
        <source>MNIST-sized: 28×28 pixels, 10 classes</source>
        <translation>MNIST 规模：28×28 像素，10 个类别</translation>
    </message>
    <message>
        <source>Handwritten digits 8×8 (real data)</source>
        <translation>手写数字 8×8（真实数据）</translation>
    </message>
    <message>
        <source>Two moons (2-D, 2 classes)</source>
        <translation>双月形（二维，2 个类别）</translation>
    </message>
    <message>
        <source>Spirals (2-D, 3 classes)</source>
        <translation>螺旋（二维，3 个类别）</translation>
    </message>
    <message>
        <source>Line y = 2x − 1 (regression: w, b)</source>
        <translation>直线 y&#xa0;=&#xa0;2x − 1（回归：w, b）</translation>
    </message>
    <message>
        <source>Two basins (not convex: w, b)</source>
        <translation>双盆地（非凸：w, b）</translation>
    </message>
    <message>
        <source>Softmax regression (W, b)</source>
        <translation>Softmax 回归（W, b）</translation>
    </message>
    <message>
        <source>Linear regression (w, b)</source>
        <translation>线性回归（w, b）</translation>
    </message>
    <message>
        <source>MLP, one hidden layer</source>
        <translation>MLP，一个隐藏层</translation>
    </message>
    <message>
        <source>Two-basins model ŷ = w·x₁ + w²·x₂ + b</source>
        <translation>双盆地模型 ŷ&#xa0;=&#xa0;w·x₁ + w²·x₂ + b</translation>
    </message>
    <message>
        <source>torch.optim.SGD</source>
        <translation>torch.optim.SGD</translation>
    </message>
    <message>
        <source>Adam (β is its β₁), for comparison</source>
        <translation>Adam（β 即其 β₁），用于比较</translation>
    </message>
    <message>
        <source>RMSprop (β is its momentum), for comparison</source>
        <translation>RMSprop（β 即其动量），用于比较</translation>
    </message>
    <message>
        <source>Adagrad (no momentum), for comparison</source>
        <translation>Adagrad（无动量），用于比较</translation>
    </message>
    <message>
        <source>Constant α</source>
        <translation>恒定学习率 α</translation>
    </message>
    <message>
        <source>Step decay: ×0.1 at ½ and ¾ of the run</source>
        <translation>阶梯衰减：在运行的 ½ 和 ¾ 处 ×0.1</translation>
    </message>
    <message>
        <source>Cosine: from α down to 0</source>
        <translation>余弦：从 α 降到 0</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Auto (CUDA if available)</source>
        <translation>自动（有 CUDA 时用 CUDA）</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>&amp;Dataset</source>
        <translation>数据集(&amp;D)</translation>
    </message>
    <message>
        <source>The training data</source>
        <translation>训练数据</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>What the optimizer trains</source>
        <translation>优化器训练的模型</translation>
    </message>
    <message>
        <source>Neurons in the MLP&apos;s hidden layer</source>
        <translation>MLP 隐藏层的神经元个数</translation>
    </message>
    <message>
        <source>Same seed and settings: the same data, initial weights, shuffling and loss curve</source>
        <translation>相同的随机种子和设置：相同的数据、初始权重、打乱顺序和损失曲线</translation>
    </message>
    <message>
        <source>&amp;Epochs</source>
        <translation>轮次(&amp;E)</translation>
    </message>
    <message>
        <source>One epoch: the model has seen the whole training set once</source>
        <translation>一个轮次（epoch）：模型把整个训练集完整地看了一遍</translation>
    </message>
    <message>
        <source>&amp;Batch size B</source>
        <translation>batch size B(&amp;B)</translation>
    </message>
    <message>
        <source>Samples per optimizer.step(): the gradient is averaged over this many</source>
        <translation>每次 optimizer.step() 使用的样本数：梯度是这些样本的平均</translation>
    </message>
    <message>
        <source>Accumulate &amp;k batches</source>
        <translation>累积 k 个批次(&amp;K)</translation>
    </message>
    <message>
        <source>Gradient accumulation: loss.backward() after every mini-batch, optimizer.step() and zero_grad() after every k. Each batch&apos;s loss is scaled by its share of the window&apos;s samples, so one step uses the mean gradient of k·B samples; a shorter last window of an epoch steps too. 1: a step after every batch</source>
        <translation>梯度累积：每个小批量之后调用 loss.backward()，每 k 个小批量之后调用 optimizer.step() 和 zero_grad()。每个批次的损失按它在窗口样本中所占的比例缩放，因此一步使用的是 k·B 个样本的平均梯度；每个轮次末尾较短的最后一个窗口也会更新一步。1：每个批次之后都更新一步</translation>
    </message>
    <message>
        <source>Data-parallel workers K</source>
        <translation>数据并行工作进程 K</translation>
    </message>
    <message>
        <source>K worker processes train together (torch.distributed, gloo, DistributedDataParallel): each takes ⌈N/K⌉ samples of every epoch from DistributedSampler (padded by repeating samples), and their gradients are averaged at every optimizer.step(), so one step uses K·B samples. They run as fast as they can: no pause, no step, α and β fixed. 1: this process</source>
        <translation>K 个工作进程一起训练（torch.distributed、gloo、DistributedDataParallel）：每个轮次中，每个进程从 DistributedSampler 取得 ⌈N/K⌉ 个样本（不够时重复样本补齐），每次 optimizer.step() 都对它们的梯度取平均，因此一步使用 K·B 个样本。它们全速运行：不能暂停、不能单步，α 和 β 固定。1：只用本进程</translation>
    </message>
    <message>
        <source>&amp;Optimizer</source>
        <translation>优化器(&amp;O)</translation>
    </message>
    <message>
        <source>Both give the same iterates under a constant learning rate</source>
        <translation>学习率不变时，两者给出相同的迭代结果</translation>
    </message>
    <message>
        <source>&amp;Learning rate α</source>
        <translation>学习率 α(&amp;L)</translation>
    </message>
    <message>
        <source>Step size: W ← W − α·∂L/∂W</source>
        <translation>步长：W ← W − α·∂L/∂W</translation>
    </message>
    <message>
        <source>SGD: v ← β·v − α·g; θ ← θ + v (β = 0 is plain SGD; 0.9 is usual). Adam: β is β₁ = betas[0] (default 0.9). RMSprop: β is its momentum (default 0, torch&apos;s). Adagrad: no β. Choosing an optimizer sets β to its default</source>
        <translation>SGD：v ← β·v − α·g；θ ← θ + v（β&#xa0;=&#xa0;0 即普通 SGD；通常取 0.9）。Adam：β 是它的 β₁（默认 0.9）。RMSprop：β 是它的动量（默认 0，同 PyTorch 的默认值）。Adagrad：没有 β。选择优化器时 β 会设为该优化器的默认值</translation>
    </message>
    <message>
        <source>Dampening τ</source>
        <translation>阻尼 τ</translation>
    </message>
    <message>
        <source>b ← β·b + (1 − τ)·g</source>
        <translation>b ← β·b + (1 − τ)·g</translation>
    </message>
    <message>
        <source>g ← ∂L/∂θ + λ·θ</source>
        <translation>g ← ∂L/∂θ + λ·θ</translation>
    </message>
    <message>
        <source>How α changes during the run (torch.optim.lr_scheduler, stepped after every optimizer.step())</source>
        <translation>运行中 α 如何变化（torch.optim.lr_scheduler，每次 optimizer.step() 之后更新）</translation>
    </message>
    <message>
        <source>{0} workers: ⌈{1} / {0}⌉ = &lt;b&gt;{2}&lt;/b&gt; samples per worker</source>
        <translation>{0} 个工作进程：⌈{1} / {0}⌉ = 每个进程 &lt;b&gt;{2}&lt;/b&gt; 个样本</translation>
    </message>
    <message>
        <source>(1 sample repeated as padding)</source>
        <translation>（重复 1 个样本补齐）</translation>
    </message>
    <message>
        <source>({0} samples repeated as padding)</source>
        <translation>（重复 {0} 个样本补齐）</translation>
    </message>
    <message>
        <source>(no padding: K divides N)</source>
        <translation>（无需补齐：K 整除 N）</translation>
    </message>
    <message>
        <source>⌊{0} / {1}⌋ = &lt;b&gt;{2}&lt;/b&gt; iterations per epoch on each worker</source>
        <translation>⌊{0} / {1}⌋ = 每个进程每个轮次 &lt;b&gt;{2}&lt;/b&gt; 次迭代</translation>
    </message>
    <message>
        <source>({0} samples dropped by each worker, {1} in all)</source>
        <translation>（每个进程丢弃 {0} 个样本，共 {1} 个）</translation>
    </message>
    <message>
        <source>⌈{0} / {1}⌉ = &lt;b&gt;{2}&lt;/b&gt; iterations per epoch on each worker</source>
        <translation>⌈{0} / {1}⌉ = 每个进程每个轮次 &lt;b&gt;{2}&lt;/b&gt; 次迭代</translation>
    </message>
    <message>
        <source>global batch {0} × {1} × {2} = &lt;b&gt;{3}&lt;/b&gt; samples a step</source>
        <translation>全局批 {0} × {1} × {2}&#xa0;=&#xa0;每步 &lt;b&gt;{3}&lt;/b&gt; 个样本</translation>
    </message>
    <message>
        <source>global batch {0} × {1} = &lt;b&gt;{2}&lt;/b&gt; samples a step</source>
        <translation>全局批 {0} × {1}&#xa0;=&#xa0;每步 &lt;b&gt;{2}&lt;/b&gt; 个样本</translation>
    </message>
    <message>
        <source>⌈{0} / {1}⌉ = &lt;b&gt;{2}&lt;/b&gt; optimizer steps per epoch</source>
        <translation>⌈{0} / {1}⌉ = 每个轮次 &lt;b&gt;{2}&lt;/b&gt; 个优化步</translation>
    </message>
    <message>
        <source>The article&apos;s form: v ← β·v − α·g; θ ← θ + v</source>
        <translation>文章的形式：v ← β·v − α·g; θ ← θ + v</translation>
    </message>
    <message>
        <source>Trainin&amp;g samples N</source>
        <translation>训练样本数 N(&amp;G)</translation>
    </message>
    <message>
        <source>Size of the training set; the validation set is separate (N/6 at the default validation share; digits: 360)</source>
        <translation>训练集的大小；验证集另算（默认验证比例下为 N/6；digits：360）</translation>
    </message>
    <message>
        <source>Hidden &amp;width</source>
        <translation>隐藏层宽度(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Seed</source>
        <translation>随机种子(&amp;S)</translation>
    </message>
    <message>
        <source>Momen&amp;tum β</source>
        <translation>动量 β(&amp;T)</translation>
    </message>
    <message>
        <source>Weight deca&amp;y λ</source>
        <translation>权重衰减 λ(&amp;Y)</translation>
    </message>
    <message>
        <source>LR s&amp;chedule</source>
        <translation>学习率调度(&amp;C)</translation>
    </message>
    <message>
        <source>Where the tensors live</source>
        <translation>张量所在的设备</translation>
    </message>
    <message>
        <source>Dev&amp;ice</source>
        <translation>设备(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Noise</source>
        <translation>噪声(&amp;N)</translation>
    </message>
    <message>
        <source>The generated data&apos;s noise, × its own: 0 none, 1 as made by default. More noise: noisier gradients and classes that overlap. Real data (digits, imported) has its own</source>
        <translation>生成数据的噪声，为其自身噪声的倍数：0 表示没有噪声，1 为默认生成的噪声。噪声越大，梯度越嘈杂，各类别越重叠。真实数据（digits、导入的数据）有自己的噪声</translation>
    </message>
    <message>
        <source>V&amp;alidation share</source>
        <translation>验证比例(&amp;A)</translation>
    </message>
    <message>
        <source>The share of the generated samples kept apart for validation, next to the N training samples (default 1/7: 10,000 beside 60,000). Real data keeps its own validation set</source>
        <translation>生成的样本中留作验证的比例，在 N 个训练样本之外（默认 1/7：60,000 个之外另有 10,000 个）。真实数据保留自己的验证集</translation>
    </message>
    <message>
        <source>Powers of two: 1, 2, 4, … (the spin box takes any size)</source>
        <translation>2 的幂：1、2、4、……（数字框可以输入任意大小）</translation>
    </message>
    <message>
        <source>Log scale: 0.00001 … 10</source>
        <translation>对数刻度：0.00001 … 10</translation>
    </message>
    <message>
        <source>Shuffle every epoch</source>
        <translation>每个轮次打乱顺序</translation>
    </message>
    <message>
        <source>Drop the last partial batch</source>
        <translation>丢弃最后不完整的批</translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>Skip zero_grad() — a demonstration</source>
        <translation>跳过 zero_grad() —— 演示</translation>
    </message>
    <message>
        <source>Without optimizer.zero_grad(), loss.backward() adds each batch&apos;s gradient to all the earlier ones: the steps grow and training goes wrong, as the article warns.</source>
        <translation>不调用 optimizer.zero_grad() 时，loss.backward() 会把每个批的梯度累加到之前所有的梯度上：步子越来越大，训练出错，正如文章所警告的。</translation>
    </message>
    <message>
        <source>During a run, α and β apply from the next step, the way a scheduler would; the other settings apply to the next run.</source>
        <translation>运行中修改的 α 和 β 从下一步起生效，就像学习率调度器一样；其他设置在下一次运行时生效。</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>batch size</translation>
    </message>
    <message>
        <source>iterations per epoch</source>
        <translation>每个轮次的迭代次数</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>zero_grad()</source>
        <translation>zero_grad()</translation>
    </message>
    <message>
        <source>Help: {0} (press F1 here, or click ?)</source>
        <translation>帮助：{0}（在这里按 F1，或点击 ?）</translation>
    </message>
    <message>
        <source>{0} — imported, {1} rows</source>
        <translation>{0} — 导入的数据，{1} 行</translation>
    </message>
    <message>
        <source>“{0}” is not a value here: from {1} to {2}</source>
        <translation>“{0}”不是这里可用的值：范围为 {1} 到 {2}</translation>
    </message>
    <message>
        <source>Type a value from {0} to {1}</source>
        <translation>请输入 {0} 到 {1} 之间的值</translation>
    </message>
    <message>
        <source>“{0}” is not a value here (from {1} to {2}): kept {3}</source>
        <translation>“{0}”不是这里可用的值（范围为 {1} 到 {2}）：保留 {3}</translation>
    </message>
    <message>
        <source>The batch size must not exceed the training-set size N.</source>
        <translation>batch size 不能超过训练集大小 N。</translation>
    </message>
    <message>
        <source>⌊{0} / {1}⌋ = &lt;b&gt;{2}&lt;/b&gt; iterations per epoch</source>
        <translation>⌊{0} / {1}⌋ = 每个轮次 &lt;b&gt;{2}&lt;/b&gt; 次迭代</translation>
    </message>
    <message>
        <source>({0} samples left out each epoch)</source>
        <translation>（每个轮次丢弃 {0} 个样本）</translation>
    </message>
    <message>
        <source>⌈{0} / {1}⌉ = &lt;b&gt;{2}&lt;/b&gt; iterations per epoch</source>
        <translation>⌈{0} / {1}⌉ = 每个轮次 &lt;b&gt;{2}&lt;/b&gt; 次迭代</translation>
    </message>
    <message>
        <source>(last batch: {0} samples)</source>
        <translation>（最后一批：{0} 个样本）</translation>
    </message>
    <message>
        <source>(all batches full)</source>
        <translation>（所有批都是满的）</translation>
    </message>
    <message>
        <source>⌈{0} / {1}⌉ = &lt;b&gt;{2}&lt;/b&gt; optimizer steps per epoch of {3} samples</source>
        <translation>⌈{0} / {1}⌉ = 每个轮次 &lt;b&gt;{2}&lt;/b&gt; 个优化步，每步 {3} 个样本</translation>
    </message>
    <message>
        <source>(the last: {0} iterations, {1} samples, a step too)</source>
        <translation>（最后一步：{0} 次迭代，{1} 个样本，同样更新一步）</translation>
    </message>
    <message>
        <source>1 epoch</source>
        <translation>1 个轮次</translation>
    </message>
    <message>
        <source>{0} epochs</source>
        <translation>{0} 个轮次</translation>
    </message>
    <message>
        <source>{0} × {1} = &lt;b&gt;{2}&lt;/b&gt; optimizer.step() calls</source>
        <translation>{0} × {1}&#xa0;=&#xa0;&lt;b&gt;{2}&lt;/b&gt; 次 optimizer.step() 调用</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>loss on the whole training set</source>
        <translation>整个训练集上的损失</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定学习率</translation>
    </message>
    <message>
        <source>step</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>batch_size</source>
        <translation>batch size B</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量 β</translation>
    </message>
    <message>
        <source>{first}; {rest}</source>
        <translation>{first}；{rest}</translation>
    </message>
    <message>
        <source>MNIST-sized digits</source>
        <translation>MNIST 规模的数据</translation>
    </message>
    <message>
        <source>handwritten digits 8×8</source>
        <translation>手写数字 8×8</translation>
    </message>
    <message>
        <source>two moons</source>
        <translation>双月形</translation>
    </message>
    <message>
        <source>three spirals</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>the line y = 2x − 1</source>
        <translation>直线 y&#xa0;=&#xa0;2x − 1</translation>
    </message>
    <message>
        <source>two basins</source>
        <translation>双盆地</translation>
    </message>
    <message>
        <source>the imported table</source>
        <translation>导入的表格</translation>
    </message>
    <message>
        <source>softmax regression</source>
        <translation>Softmax 回归</translation>
    </message>
    <message>
        <source>linear regression</source>
        <translation>线性回归</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>the two-basins model</source>
        <translation>双盆地模型</translation>
    </message>
    <message>
        <source>torch.optim.SGD</source>
        <translation>torch.optim.SGD</translation>
    </message>
    <message>
        <source>the article&apos;s form</source>
        <translation>文章的形式</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>Adagrad</source>
        <translation>Adagrad</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU（CUDA）</translation>
    </message>
    <message>
        <source>GPU if there is one, else CPU</source>
        <translation>有 GPU 时用 GPU，否则用 CPU</translation>
    </message>
    <message>
        <source>completed {steps:,} steps in {epochs} epochs</source>
        <translation>已完成：{epochs} 个轮次共 {steps:,} 步</translation>
    </message>
    <message>
        <source>stopped after {steps:,} of {total:,} steps</source>
        <translation>已停止：完成了 {total:,} 步中的 {steps:,} 步</translation>
    </message>
    <message>
        <source>diverged at step {step:,} ({quantity} = {value})</source>
        <translation>在第 {step:,} 步发散（{quantity}&#xa0;=&#xa0;{value}）</translation>
    </message>
    <message>
        <source>diverged at step {step:,}: the loss {value:.4g} passed 10⁶ × {reference:.4g}, the largest loss of the first 20 steps</source>
        <translation>在第 {step:,} 步发散：损失 {value:.4g} 超过了 10⁶ × {reference:.4g}（前 20 步中最大的损失）</translation>
    </message>
    <message>
        <source>{kind}: {detail}</source>
        <translation>{kind}：{detail}</translation>
    </message>
    <message>
        <source>cuda was asked for, but no CUDA GPU is available; use cpu or auto</source>
        <translation>选择了 cuda，但没有可用的 CUDA GPU；请使用 CPU 或自动</translation>
    </message>
    <message>
        <source>follows the {schedule} schedule; only a constant α can change</source>
        <translation>遵循学习率调度“{schedule}”；只有恒定学习率下的 α 才能修改</translation>
    </message>
    <message>
        <source>{optimizer}&apos;s β cannot change mid-run</source>
        <translation>{optimizer} 的 β 不能在运行中修改</translation>
    </message>
    <message>
        <source>worker {rank} of {workers} ended unexpectedly ({how}) after {steps:,} steps; every worker was stopped</source>
        <translation>{workers} 个工作进程中的第 {rank} 个在 {steps:,} 步之后意外结束（{how}）；所有工作进程都已停止</translation>
    </message>
    <message>
        <source>exit code {code}</source>
        <translation>退出码 {code}</translation>
    </message>
    <message>
        <source>killed by signal {name}</source>
        <translation>被信号 {name} 终止</translation>
    </message>
    <message>
        <source>worker {rank} of {workers} made no progress for {seconds:.1f} s after {steps:,} steps; every worker was stopped</source>
        <translation>{workers} 个工作进程中的第 {rank} 个在 {steps:,} 步之后 {seconds:.1f} 秒没有进展；所有工作进程都已停止</translation>
    </message>
    <message>
        <source>worker {rank} of {workers} failed: {kind}: {detail}</source>
        <translation>{workers} 个工作进程中的第 {rank} 个出错：{kind}：{detail}</translation>
    </message>
    <message>
        <source>the {workers} workers did not all start and meet within {seconds:g} s ({ready} ready); every worker was stopped</source>
        <translation>{workers} 个工作进程没能在 {seconds:g} 秒内全部启动并会合（{ready} 个就绪）；所有工作进程都已停止</translation>
    </message>
    <message>
        <source>the workers found no free localhost port to meet on after {tries} tries: {detail}</source>
        <translation>工作进程试了 {tries} 次，都没有找到可用于会合的本机空闲端口：{detail}</translation>
    </message>
    <message>
        <source>{variant}: full-batch steps converge iff {formula}</source>
        <translation>{variant}：全批量更新收敛当且仅当 {formula}</translation>
    </message>
    <message>
        <source>plain SGD</source>
        <translation>普通 SGD</translation>
    </message>
    <message>
        <source>heavy-ball momentum</source>
        <translation>重球动量</translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>{optimizer} divides each step by a running size of the gradients: no fixed learning rate bounds it</source>
        <translation>{optimizer} 用梯度的滑动幅度去除每一步：没有固定的学习率上界</translation>
    </message>
    <message>
        <source>zero_grad is off: the gradients add up, and no learning rate makes full-batch steps converge</source>
        <translation>zero_grad 已关闭：梯度不断累加，任何学习率都不能让全批量更新收敛</translation>
    </message>
    <message>
        <source>dampening 1: only the first gradient enters the momentum buffer, so no learning rate diverges</source>
        <translation>阻尼为 1：只有第一个梯度进入动量缓冲，因此任何学习率都不会发散</translation>
    </message>
    <message>
        <source>must be a whole number (got {got})</source>
        <translation>必须是整数（当前为 {got}）</translation>
    </message>
    <message>
        <source>must be a number (got {got})</source>
        <translation>必须是数字（当前为 {got}）</translation>
    </message>
    <message>
        <source>must be a finite number (got {got})</source>
        <translation>必须是有限的数（当前为 {got}）</translation>
    </message>
    <message>
        <source>must be true or false (got {got})</source>
        <translation>必须是 true 或 false（当前为 {got}）</translation>
    </message>
    <message>
        <source>must be text (got {got})</source>
        <translation>必须是文本（当前为 {got}）</translation>
    </message>
    <message>
        <source>must be in {interval} (got {got})</source>
        <translation>必须在 {interval} 之内（当前为 {got}）</translation>
    </message>
    <message>
        <source>must be in [0, 1) (got {got})</source>
        <translation>必须在 [0, 1) 之内（当前为 {got}）</translation>
    </message>
    <message>
        <source>must be at most {most} (got {got})</source>
        <translation>最多为 {most}（当前为 {got}）</translation>
    </message>
    <message>
        <source>must be one of {choices} (got {got})</source>
        <translation>必须是 {choices} 之一（当前为 {got}）</translation>
    </message>
    <message>
        <source>custom names imported data, and none is loaded: import a CSV or .npz file first</source>
        <translation>custom 指导入的数据，但尚未导入：请先导入 CSV 或 .npz 文件</translation>
    </message>
    <message>
        <source>must be {rows:,}, the training rows of the imported data (got {got:,})</source>
        <translation>必须为 {rows:,}，即导入数据的训练行数（当前为 {got:,}）</translation>
    </message>
    <message>
        <source>must be at most {most:,} for {dataset} (got {got:,})</source>
        <translation>对 {dataset} 最多为 {most:,}（当前为 {got:,}）</translation>
    </message>
    <message>
        <source>softmax needs a classification dataset; {dataset} is regression</source>
        <translation>softmax 需要分类数据集；{dataset} 是回归数据</translation>
    </message>
    <message>
        <source>linear regression needs a regression dataset; {dataset} is classification</source>
        <translation>线性回归需要回归数据集；{dataset} 是分类数据</translation>
    </message>
    <message>
        <source>the two-basins dataset and the two-basins model go together (got dataset {dataset}, model {model})</source>
        <translation>two-basins 数据集与 two-basins 模型须一起使用（得到数据集 {dataset}，模型 {model}）</translation>
    </message>
    <message>
        <source>must be between 1 and the training-set size {samples:,} (got {got:,})</source>
        <translation>必须在 1 和训练集大小 {samples:,} 之间（当前为 {got:,}）</translation>
    </message>
    <message>
        <source>each of the {workers} workers has {share:,} samples, so --drop-last would drop every batch of {got:,}; take a batch of at most {share:,}</source>
        <translation>{workers} 个工作进程每个只有 {share:,} 个样本，--drop-last 会丢掉每一个 {got:,} 个样本的批次；请把 batch size 设为不超过 {share:,}</translation>
    </message>
    <message>
        <source>data-parallel workers train on the CPU (the gloo backend); use cpu with --workers</source>
        <translation>数据并行的工作进程在 CPU 上训练（gloo 后端）；使用 --workers 时请选择 cpu</translation>
    </message>
    <message>
        <source>is an option of SGD, not of {optimizer}</source>
        <translation>是 SGD 的选项，{optimizer} 没有</translation>
    </message>
    <message>
        <source>needs momentum &gt; 0</source>
        <translation>需要动量 &gt; 0</translation>
    </message>
    <message>
        <source>needs dampening = 0</source>
        <translation>需要阻尼 = 0</translation>
    </message>
    <message>
        <source>must be a JSON object of option names to values</source>
        <translation>必须是从选项名到取值的 JSON 对象</translation>
    </message>
    <message>
        <source>is not a known option (known: {known})</source>
        <translation>不是已知的选项（已知：{known}）</translation>
    </message>
    <message>
        <source>{key} is not a known option (known: {known})</source>
        <translation>{key} 不是已知的选项（已知：{known}）</translation>
    </message>
    <message>
        <source>{path} is larger than 1 MB; not a config file</source>
        <translation>{path} 大于 1 MB；不是配置文件</translation>
    </message>
    <message>
        <source>{path} is not a regular file</source>
        <translation>{path} 不是普通文件</translation>
    </message>
    <message>
        <source>{path} is nested too deeply to be a config</source>
        <translation>{path} 嵌套太深，不是配置文件</translation>
    </message>
    <message>
        <source>{path} is not a usable config: {detail}</source>
        <translation>{path} 不是可用的配置：{detail}</translation>
    </message>
    <message>
        <source>applies to the generated datasets only; {dataset} is real data, with its own noise and its own validation set</source>
        <translation>只适用于生成的数据集；{dataset} 是真实数据，有自己的噪声和验证集</translation>
    </message>
    <message>
        <source>{path} does not exist</source>
        <translation>{path} 不存在</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>not UTF-8 text</source>
        <translation>不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>{path} is not valid JSON (line {line}, column {column}: {detail})</source>
        <translation>{path} 不是有效的 JSON（第 {line} 行，第 {column} 列：{detail}）</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>expected FIELD=v1,v2,… such as batch_size=16,32,64 (got {text!r})</source>
        <translation>应为 字段=值 1,值 2,…，例如 batch_size=16,32,64（当前为 {text!r}）</translation>
    </message>
    <message>
        <source>cannot sweep {name!r}; choose one of {choices}</source>
        <translation>不能扫描 {name!r}；请从 {choices} 中选择</translation>
    </message>
    <message>
        <source>{field}: give comma-separated values, none empty (got {text!r})</source>
        <translation>{field}：请给出用逗号分隔的取值，不能有空值（当前为 {text!r}）</translation>
    </message>
    <message>
        <source>{field}: at most {most} values (got {count})</source>
        <translation>{field}：最多 {most} 个取值（当前为 {count} 个）</translation>
    </message>
    <message>
        <source>{field}: {value!r} is not a whole number</source>
        <translation>{field}：{value!r} 不是整数</translation>
    </message>
    <message>
        <source>{field}: {value!r} is not a number</source>
        <translation>{field}：{value!r} 不是数字</translation>
    </message>
    <message>
        <source>{field}: {value!r} is not a finite number</source>
        <translation>{field}：{value!r} 不是有限数</translation>
    </message>
    <message>
        <source>momentum: {value} must be in [0, 1), at most {most:g}</source>
        <translation>动量 β：{value} 必须在 [0, 1) 之内，最大为 {most:g}</translation>
    </message>
    <message>
        <source>{field}: {value} must be in [{low:g}, {high:g}]</source>
        <translation>{field}：{value} 必须在 [{low:g}, {high:g}] 之内</translation>
    </message>
    <message>
        <source>{field}: {value} is given twice</source>
        <translation>{field}：{value} 出现了两次</translation>
    </message>
    <message>
        <source>the linear-scaling rule applies to a batch_size sweep only</source>
        <translation>线性缩放规则只适用于对 batch size 的扫描</translation>
    </message>
    <message>
        <source>{field}={value}: {refused} {problem}</source>
        <translation>{field}&#xa0;=&#xa0;{value}：{refused} {problem}</translation>
    </message>
    <message>
        <source>B={small}: {small_bytes}, B={large}: {large_bytes} per step (tensor bytes)</source>
        <translation>B={small}：{small_bytes}，B={large}：每步 {large_bytes}（张量字节数）</translation>
    </message>
    <message>
        <source>B={small}: {small_steps:,.0f} steps per epoch, B={large}: {large_steps:,.0f}</source>
        <translation>B={small}：每个轮次 {small_steps:,.0f} 步，B={large}：{large_steps:,.0f} 步</translation>
    </message>
    <message>
        <source>B={small}: {small_s:.3g} s per epoch, B={large}: {large_s:.3g} s ({ratio:.2g}×)</source>
        <translation>B={small}：每个轮次 {small_s:.3g} 秒，B={large}：{large_s:.3g} 秒（{ratio:.2g}×）</translation>
    </message>
    <message>
        <source>gradient noise B={small}: {small_noise:.3g}, B={large}: {large_noise:.3g} ({ratio:.3g}×)</source>
        <translation>梯度噪声 B={small}：{small_noise:.3g}，B={large}：{large_noise:.3g}（{ratio:.3g}×）</translation>
    </message>
    <message>
        <source>loss jitter {small:.3g} vs {large:.3g}</source>
        <translation>损失抖动 {small:.3g} 对 {large:.3g}</translation>
    </message>
    <message>
        <source>gap B={small}: {small_gap:.3g}, B={large}: {large_gap:.3g}</source>
        <translation>差距 B={small}：{small_gap:.3g}，B={large}：{large_gap:.3g}</translation>
    </message>
    <message>
        <source>validation loss {small:.4g} vs {large:.4g}</source>
        <translation>验证损失 {small:.4g} 对 {large:.4g}</translation>
    </message>
    <message>
        <source>row {row}, column {column} ({name!r})</source>
        <translation>第 {row} 行第 {column} 列（{name!r}）</translation>
    </message>
    <message>
        <source>the header (row 1)</source>
        <translation>表头（第 1 行）</translation>
    </message>
    <message>
        <source>the first row</source>
        <translation>第一行</translation>
    </message>
    <message>
        <source>NaN (a missing value)</source>
        <translation>缺失值 NaN</translation>
    </message>
    <message>
        <source>an infinite value</source>
        <translation>无穷大</translation>
    </message>
    <message>
        <source>x and y</source>
        <translation>x 和 y</translation>
    </message>
    <message>
        <source>auto, classification, regression</source>
        <translation>自动、分类、回归</translation>
    </message>
    <message>
        <source>{rows:,} data rows leave {train:,} for training after the validation part; at least {least} are needed</source>
        <translation>{rows:,} 个数据行留出验证部分后，只剩 {train:,} 行用于训练；至少需要 {least} 行</translation>
    </message>
    <message>
        <source>row {row} has 1 column, but {reference} has {count} (every row needs the same columns)</source>
        <translation>第 {row} 行只有 1 列，但{reference}有 {count} 列（每行的列数必须相同）</translation>
    </message>
    <message>
        <source>row {row} has {columns} columns, but {reference} has {count} (every row needs the same columns)</source>
        <translation>第 {row} 行有 {columns} 列，但{reference}有 {count} 列（每行的列数必须相同）</translation>
    </message>
    <message>
        <source>{cell}: a target longer than {most} characters</source>
        <translation>{cell}：目标超过 {most} 个字符</translation>
    </message>
    <message>
        <source>{cell}: empty cell (a missing value); fill or remove the row</source>
        <translation>{cell}：单元格为空（缺失值）；请填上或删除这一行</translation>
    </message>
    <message>
        <source>{cell}: {text!r} is {what}; SGD Lab needs finite numbers</source>
        <translation>{cell}：{text!r} 是{what}；SGD Lab 需要有限的数</translation>
    </message>
    <message>
        <source>{cell}: {text!r} is not a number</source>
        <translation>{cell}：{text!r} 不是数字</translation>
    </message>
    <message>
        <source>{cell} is too large for 32-bit floats</source>
        <translation>{cell}超出 32 位浮点数的范围</translation>
    </message>
    <message>
        <source>x: {cell} is NaN or infinite</source>
        <translation>x：{cell}是 NaN 或无穷大</translation>
    </message>
    <message>
        <source>no data rows below the header (row 1): the file holds a header only</source>
        <translation>表头（第 1 行）下面没有数据行：文件只有表头</translation>
    </message>
    <message>
        <source>no data rows: the file holds a header only</source>
        <translation>没有数据行：文件只有表头</translation>
    </message>
    <message>
        <source>the file is empty (only blank lines)</source>
        <translation>文件是空的（只有空行）</translation>
    </message>
    <message>
        <source>row 1 has one column only: a table needs feature columns and a target column, separated by commas, semicolons, tabs or spaces</source>
        <translation>第 1 行只有一列：表格需要特征列和一个目标列，用逗号、分号、制表符或空格分隔</translation>
    </message>
    <message>
        <source>target column {target!r} is not in the table (columns: {columns})</source>
        <translation>目标列 {target!r} 不在表格中（各列：{columns}）</translation>
    </message>
    <message>
        <source>target column {target} does not exist: the table has columns 1 to {count}</source>
        <translation>目标列 {target} 不存在：表格只有第 1 到第 {count} 列</translation>
    </message>
    <message>
        <source>no feature column is left to train on ({left_out}); choose the features by name</source>
        <translation>没有可用于训练的特征列（{left_out}）；请按名称选择特征</translation>
    </message>
    <message>
        <source>the file is {mb:,.0f} MB, larger than the {most} MB read</source>
        <translation>文件大小为 {mb:,.0f} MB，超过读取上限 {most} MB</translation>
    </message>
    <message>
        <source>{path} is a folder, not a file</source>
        <translation>{path} 是文件夹，不是文件</translation>
    </message>
    <message>
        <source>not a text table: the file holds binary data (byte {byte:,}); save it as CSV, or use an .npz file</source>
        <translation>不是文本表格：文件含有二进制数据（第 {byte:,} 字节）；请另存为 CSV，或使用 .npz 文件</translation>
    </message>
    <message>
        <source>not a text table: the file holds binary data (byte {byte:,} is not text)</source>
        <translation>不是文本表格：文件含有二进制数据（第 {byte:,} 字节不是文本）</translation>
    </message>
    <message>
        <source>the .npz file needs arrays named x (rows × features) and y (one target per row); {missing} missing</source>
        <translation>.npz 文件需要名为 x（行 × 特征）和 y（每行一个目标）的数组；缺少 {missing}</translation>
    </message>
    <message>
        <source>x must be 2-D (rows × features); it has shape {shape}</source>
        <translation>x 必须是二维数组（行 × 特征）；它的形状是 {shape}</translation>
    </message>
    <message>
        <source>y must be 1-D (one target per row); it has shape {shape}</source>
        <translation>y 必须是一维数组（每行一个目标）；它的形状是 {shape}</translation>
    </message>
    <message>
        <source>x has {x_rows:,} rows but y has {y_rows:,}</source>
        <translation>x 有 {x_rows:,} 行，但 y 有 {y_rows:,} 行</translation>
    </message>
    <message>
        <source>x has shape {shape}: no data</source>
        <translation>x 的形状是 {shape}：没有数据</translation>
    </message>
    <message>
        <source>x must hold numbers; it holds {dtype}</source>
        <translation>x 必须是数字；它的类型是 {dtype}</translation>
    </message>
    <message>
        <source>x holds {count:,} values, more than the {most:,} SGD Lab holds in memory</source>
        <translation>x 有 {count:,} 个值，超过 SGD Lab 在内存中能容纳的 {most:,} 个</translation>
    </message>
    <message>
        <source>task must be one of {choices} (got {task!r})</source>
        <translation>任务类型必须是{choices}之一（当前为 {task!r}）</translation>
    </message>
    <message>
        <source>the validation fraction must be in [0.01, 0.9] (got {fraction:g})</source>
        <translation>验证比例必须在 [0.01, 0.9] 之内（当前为 {fraction:g}）</translation>
    </message>
    <message>
        <source>the target {target!r} must hold numbers or labels; it holds {dtype}</source>
        <translation>目标 {target!r} 必须是数字或标签；它的类型是 {dtype}</translation>
    </message>
    <message>
        <source>row {row}, target {target!r}: {text!r} is NaN or infinite; SGD Lab needs finite numbers</source>
        <translation>第 {row} 行，目标 {target!r}：{text!r} 是 NaN 或无穷大；SGD Lab 需要有限的数</translation>
    </message>
    <message>
        <source>row {row}, target {target!r}: {text!r} is not a number; regression needs numbers (import it as classification for labels)</source>
        <translation>第 {row} 行，目标 {target!r}：{text!r} 不是数字；回归需要数字（标签请按分类导入）</translation>
    </message>
    <message>
        <source>one class only: every row&apos;s target {target!r} is {label!r}; classification needs at least two classes</source>
        <translation>只有一个类别：每一行的目标 {target!r} 都是 {label!r}；分类至少需要两个类别</translation>
    </message>
    <message>
        <source>the target {target!r} has {count:,} different values, too many classes (at most {most}); import it as regression</source>
        <translation>目标 {target!r} 有 {count:,} 个不同的值，类别太多（最多 {most} 个）；请按回归导入</translation>
    </message>
    <message>
        <source>row {row}: {problem}</source>
        <translation>第 {row} 行：{problem}</translation>
    </message>
    <message>
        <source>field larger than field limit ({limit})</source>
        <translation>字段超过长度上限（{limit} 个字符）</translation>
    </message>
    <message>
        <source>{folder} does not hold {name} (nor {name}.gz): MNIST comes as four files, train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, gzipped or not</source>
        <translation>{folder} 中没有 {name}（也没有 {name}.gz）：MNIST 由四个文件组成：train-images-idx3-ubyte、train-labels-idx1-ubyte、t10k-images-idx3-ubyte 和 t10k-labels-idx1-ubyte，gzip 压缩与否均可</translation>
    </message>
    <message>
        <source>images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>{file}: wrong magic number {magic} (an IDX file of {what} starts with {wanted}): not an MNIST file</source>
        <translation>{file}：魔数 {magic} 不对（{what}的 IDX 文件以 {wanted} 开头）：不是 MNIST 文件</translation>
    </message>
    <message>
        <source>{file} holds {size} bytes: too short for an IDX header</source>
        <translation>{file} 只有 {size} 字节：不足一个 IDX 文件头</translation>
    </message>
    <message>
        <source>{file}: its header says {shape}; an image side must be 1 to {most:,} pixels</source>
        <translation>{file}：文件头写的是 {shape}；图像边长必须为 1 到 {most:,} 像素</translation>
    </message>
    <message>
        <source>{file}: its header says it holds no items</source>
        <translation>{file}：文件头表明其中没有任何条目</translation>
    </message>
    <message>
        <source>{file}: its header says {shape} ({wanted:,} bytes), more than the {most} MB SGD Lab reads</source>
        <translation>{file}：文件头写的是 {shape}（{wanted:,} 字节），超过 SGD Lab 读取的 {most} MB</translation>
    </message>
    <message>
        <source>more than {wanted:,} bytes</source>
        <translation>超过 {wanted:,} 字节</translation>
    </message>
    <message>
        <source>{file}: its header says {shape} ({wanted:,} bytes of data) but the file holds {holds} of data: damaged or not an IDX file</source>
        <translation>{file}：文件头写的是 {shape}（{wanted:,} 字节数据），但文件中有 {holds} 数据：文件已损坏，或不是 IDX 文件</translation>
    </message>
    <message>
        <source>{file}: the gzip file is cut short (an incomplete download?)</source>
        <translation>{file}：gzip 文件被截断（下载不完整？）</translation>
    </message>
    <message>
        <source>{labels} holds {count:,} labels but {images} holds {images_count:,} images</source>
        <translation>{labels} 有 {count:,} 个标签，但 {images} 有 {images_count:,} 张图像</translation>
    </message>
    <message>
        <source>{name} must hold images (count × height × width); it has shape {shape}</source>
        <translation>{name} 必须存放图像（数量 × 高 × 宽）；它的形状是 {shape}</translation>
    </message>
    <message>
        <source>{name} must hold one label per image; it has shape {shape}</source>
        <translation>{name} 必须每张图像一个标签；它的形状是 {shape}</translation>
    </message>
    <message>
        <source>{name} must hold whole numbers as labels; it holds {dtype}</source>
        <translation>{name} 的标签必须是整数；它存放的是 {dtype}</translation>
    </message>
    <message>
        <source>{name}: label {label} of item {item:,} is out of range: MNIST&apos;s and Fashion-MNIST&apos;s labels are 0 to {most}</source>
        <translation>{name}：第 {item:,} 项的标签 {label} 超出范围：MNIST 和 Fashion-MNIST 的标签为 0 到 {most}</translation>
    </message>
    <message>
        <source>{train} holds {train_shape} images but {test} holds {test_shape} images</source>
        <translation>{train} 中的图像为 {train_shape}，但 {test} 中的图像为 {test_shape}</translation>
    </message>
    <message>
        <source>the .npz file lacks {missing}: Keras&apos;s mnist.npz holds x_train, y_train, x_test and y_test (or give arrays x and y)</source>
        <translation>.npz 文件缺少 {missing}：Keras 的 mnist.npz 含有 x_train、y_train、x_test 和 y_test（或者提供数组 x 和 y）</translation>
    </message>
    <message>
        <source>{name} must hold pixels as bytes (uint8), as Keras&apos;s mnist.npz does; it holds {dtype}</source>
        <translation>{name} 必须以字节（uint8）存放像素，和 Keras 的 mnist.npz 一样；它存放的是 {dtype}</translation>
    </message>
    <message>
        <source>{train:,} training images and the file&apos;s {val:,} test images as the validation set ({height}×{width} pixels, scaled to [0, 1])</source>
        <translation>{train:,} 张训练图像，文件中的 {val:,} 张测试图像作为验证集（{height}×{width} 像素，缩放到 [0, 1]）</translation>
    </message>
    <message>
        <source>the .npz file</source>
        <translation>.npz 文件</translation>
    </message>
    <message>
        <source>the workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>the workspace&apos;s arrays.npz</source>
        <translation>工作区的 arrays.npz</translation>
    </message>
    <message>
        <source>{mb:,.0f} MB</source>
        <translation>{mb:,.0f} MB</translation>
    </message>
    <message>
        <source>{count:,} bytes</source>
        <translation>{count:,} 字节</translation>
    </message>
    <message>
        <source>{what} is not a valid zip archive (damaged or truncated?): {detail}</source>
        <translation>{what}不是有效的 zip 压缩包（已损坏或不完整？）：{detail}</translation>
    </message>
    <message>
        <source>{what} holds {count:,} files; at most {most:,} are read</source>
        <translation>{what}含有 {count:,} 个文件；最多读取 {most:,} 个</translation>
    </message>
    <message>
        <source>{what}: {member} is encrypted</source>
        <translation>{what}：{member} 已加密</translation>
    </message>
    <message>
        <source>{what} would unpack to more than {limit} (a zip bomb, or too large to read into memory)</source>
        <translation>{what}解压后会超过 {limit}（可能是 zip 炸弹，或太大无法读入内存）</translation>
    </message>
    <message>
        <source>{what}: {member} would unpack to {size}; at most {limit}</source>
        <translation>{what}：{member} 解压后为 {size}；最多 {limit}</translation>
    </message>
    <message>
        <source>{what}: {member} cannot be unpacked (damaged or truncated?): {detail}</source>
        <translation>{what}：{member} 无法解压（已损坏或不完整？）：{detail}</translation>
    </message>
    <message>
        <source>{what}: {member} unpacks to more than {limit}</source>
        <translation>{what}：{member} 解压后超过 {limit}</translation>
    </message>
    <message>
        <source>{what}: {member} is not a NumPy array (.npy)</source>
        <translation>{what}：{member} 不是 NumPy 数组（.npy）</translation>
    </message>
    <message>
        <source>{what}: the array {array} appears twice</source>
        <translation>{what}：数组 {array} 出现了两次</translation>
    </message>
    <message>
        <source>Bad CRC-32 for file {member!r}</source>
        <translation>文件 {member!r} 的 CRC-32 校验不符</translation>
    </message>
    <message>
        <source>{what}: {array}: unknown .npy version {version}</source>
        <translation>{what}：{array}：未知的 .npy 版本 {version}</translation>
    </message>
    <message>
        <source>{what}: {array} holds Python objects (a pickle, never loaded); only numbers or text labels are read</source>
        <translation>{what}：{array} 含有 Python 对象（pickle，从不加载）；只读取数字或文本标签</translation>
    </message>
    <message>
        <source>{what}: {array} holds dtype {dtype}; only numbers or text labels are read</source>
        <translation>{what}：{array} 的数据类型为 dtype {dtype}；只读取数字或文本标签</translation>
    </message>
    <message>
        <source>{what}: {array} is damaged: its header promises more data than it holds</source>
        <translation>{what}：{array} 已损坏：文件头声明的数据多于实际所含</translation>
    </message>
    <message>
        <source>{what}: {array} cannot be read (damaged or truncated?): {detail}</source>
        <translation>{what}：{array} 无法读取（已损坏或不完整？）：{detail}</translation>
    </message>
    <message>
        <source>{what}: {array} is damaged: shape {shape}, header {header}</source>
        <translation>{what}：{array} 已损坏：形状为 {shape}，文件头记录为 {header}</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>the one-process Trainer trains one worker; {workers} data-parallel workers train through DistributedRun (core.training.distributed)</source>
        <translation>单进程的 Trainer 只训练一个工作进程；{workers} 个数据并行工作进程由 DistributedRun（core.training.distributed）训练</translation>
    </message>
    <message>
        <source>{rows:,} data rows leave {train:,} for training; SGD Lab trains on at most {most:,} (keep a sample of at most {fit:,} rows, for example with shuf -n {fit}, or use a larger validation fraction)</source>
        <translation>{rows:,} 个数据行留下 {train:,} 行用于训练；SGD Lab 最多训练 {most:,} 行（请保留最多 {fit:,} 行的样本，例如用 shuf -n {fit}，或使用更大的验证比例）</translation>
    </message>
    <message>
        <source>the table has {rows:,} rows × {columns:,} columns = {values:,} values, more than the {most:,} SGD Lab holds in memory; {fit:,} rows would fit: keep a sample of that many rows (for example with shuf -n {fit})</source>
        <translation>表格有 {rows:,} 行 × {columns:,} 列 = {values:,} 个值，超过 SGD Lab 在内存中保存的 {most:,} 个；可以容纳 {fit:,} 行：请保留这么多行的样本（例如用 shuf -n {fit}）</translation>
    </message>
    <message>
        <source>the file is {mb:,.0f} MB, larger than the {most} MB that SGD Lab reads into memory; about {fit:,} of its rows would fit: keep a sample of them (for example with shuf -n {fit})</source>
        <translation>文件大小为 {mb:,.0f} MB，超过 SGD Lab 读入内存的 {most} MB；大约可以容纳其中 {fit:,} 行：请保留这些行的样本（例如用 shuf -n {fit}）</translation>
    </message>
    <message>
        <source>{path} is not a regular file (a device, a pipe or a socket): not read</source>
        <translation>{path} 不是普通文件（是设备、管道或套接字）：未读取</translation>
    </message>
    <message>
        <source>the zip file</source>
        <translation>该 zip 文件</translation>
    </message>
    <message>
        <source>a zip file must hold exactly one table; this one holds {count} files</source>
        <translation>zip 文件必须只包含一个表格；此文件包含 {count} 个文件</translation>
    </message>
    <message>
        <source>the {kind} file cannot be unpacked: {detail}</source>
        <translation>无法解压该 {kind} 文件：{detail}</translation>
    </message>
    <message>
        <source>the {kind} file unpacks to more than the {most} MB that SGD Lab reads into memory</source>
        <translation>该 {kind} 文件解压后超过 SGD Lab 读入内存的 {most} MB</translation>
    </message>
    <message>
        <source>unpacked from {kind}</source>
        <translation>已从 {kind} 解压</translation>
    </message>
    <message>
        <source>the file changed while it was read</source>
        <translation>文件在读取期间发生了变化</translation>
    </message>
    <message>
        <source>row 1 holds counts ({rows:,} rows, {features} features), not data: skipped</source>
        <translation>第 1 行是计数（{rows:,} 行，{features} 个特征），不是数据：已跳过</translation>
    </message>
    <message>
        <source>the header is one column shorter than the rows: the first column holds row names (R&apos;s write.table)</source>
        <translation>表头比数据行少一列：第一列是行名（R 的 write.table）</translation>
    </message>
    <message>
        <source>the target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>text of {values} values, one-hot encoded</source>
        <translation>{values} 种取值的文本，已独热编码</translation>
    </message>
    <message>
        <source>a date, as a decimal year</source>
        <translation>日期，以小数年份表示</translation>
    </message>
    <message>
        <source>an ID: the row number, or different in every row</source>
        <translation>ID：等于行号，或每行都不同</translation>
    </message>
    <message>
        <source>a date; choose it as a feature to use it</source>
        <translation>日期；将其选为特征才会使用</translation>
    </message>
    <message>
        <source>text of {values:,} values, more than the {most} that are one-hot encoded</source>
        <translation>{values:,} 种取值的文本，超过可独热编码的 {most} 种</translation>
    </message>
    <message>
        <source>no values</source>
        <translation>没有值</translation>
    </message>
    <message>
        <source>ignored</source>
        <translation>已忽略</translation>
    </message>
    <message>
        <source>not chosen</source>
        <translation>未选择</translation>
    </message>
    <message>
        <source>{name!r} ({reason})</source>
        <translation>{name!r}（{reason}）</translation>
    </message>
    <message>
        <source>left out: {columns}</source>
        <translation>未使用：{columns}</translation>
    </message>
    <message>
        <source>{rows:,} rows without a target {target!r} dropped</source>
        <translation>已删除 {rows:,} 个没有目标 {target!r} 的行</translation>
    </message>
    <message>
        <source>{rows:,} rows with a missing value dropped (--missing error refuses them instead)</source>
        <translation>已删除 {rows:,} 个含缺失值的行（--missing error 则会拒绝这样的文件）</translation>
    </message>
    <message>
        <source>every one of the {rows:,} rows has a missing value</source>
        <translation>全部 {rows:,} 行都含有缺失值</translation>
    </message>
    <message>
        <source>column {target!r} is not in the table (columns: {columns})</source>
        <translation>列 {target!r} 不在表格中（列：{columns}）</translation>
    </message>
    <message>
        <source>column {target} does not exist: the table has columns 1 to {count}</source>
        <translation>第 {target} 列不存在：表格只有第 1 到第 {count} 列</translation>
    </message>
    <message>
        <source>{name!r} is the target; it cannot be a feature too</source>
        <translation>{name!r} 是目标列，不能同时作为特征</translation>
    </message>
    <message>
        <source>{name!r} is the target; it cannot be left out</source>
        <translation>{name!r} 是目标列，不能不使用</translation>
    </message>
    <message>
        <source>{name!r} holds text of {values:,} different values, more than the {most} that can be one-hot encoded</source>
        <translation>{name!r} 是有 {values:,} 种不同取值的文本，超过可独热编码的 {most} 种</translation>
    </message>
    <message>
        <source>{cell}: {text!r} is a missing value; fill or remove the row, or drop such rows</source>
        <translation>{cell}：{text!r} 是缺失值；请填写或删除该行，或删除这样的行</translation>
    </message>
    <message>
        <source>missing must be drop or error (got {missing!r})</source>
        <translation>missing 必须是 drop 或 error（收到 {missing!r}）</translation>
    </message>
    <message>
        <source>the target {target!r} has {count:,} different values in {rows:,} rows: trained as regression (classes need whole numbers, at most 20 of them and 5 rows a class on average; choose classification with --task classification or the import dialog&apos;s Task)</source>
        <translation>目标 {target!r} 在 {rows:,} 行中有 {count:,} 种不同取值：按回归训练（类别需要是整数，最多 20 个，平均每类至少 5 行；可用 --task classification 或导入对话框的“任务”选择分类）</translation>
    </message>
    <message>
        <source>batch size {batch:,} is larger than the {train:,} training rows: reduced to {train:,}</source>
        <translation>小 batch size {batch:,} 大于 {train:,} 个训练行：已减小为 {train:,}</translation>
    </message>
    <message>
        <source>the run&apos;s data file {path} does not exist; give it with --data</source>
        <translation>这次运行的数据文件 {path} 不存在；请用 --data 指定</translation>
    </message>
    <message>
        <source>{path} has changed since the run (its SHA-256 is {now}, the run&apos;s was {then}); give it with --data to train on it as it is now</source>
        <translation>{path} 在运行之后已改变（其 SHA-256 为 {now}，运行时为 {then}）；如要按现在的内容训练，请用 --data 指定</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>{first} or {rest}</source>
        <translation>{first}或{rest}</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>{name} is {mb:,.0f} MB; a workspace is at most {most} MB</source>
        <translation>{name} 大小为 {mb:,.0f} MB；工作区最大为 {most} MB</translation>
    </message>
    <message>
        <source>{path} is a folder</source>
        <translation>{path} 是文件夹</translation>
    </message>
    <message>
        <source>not an SGD Lab workspace (not a zip archive)</source>
        <translation>不是 SGD Lab 工作区（不是 zip 压缩包）</translation>
    </message>
    <message>
        <source>not an SGD Lab workspace (its format name is missing or different)</source>
        <translation>不是 SGD Lab 工作区（格式名缺失或不符）</translation>
    </message>
    <message>
        <source>not an SGD Lab workspace (no {name})</source>
        <translation>不是 SGD Lab 工作区（没有 {name}）</translation>
    </message>
    <message>
        <source>the workspace holds a file twice (damaged or tampered with)</source>
        <translation>工作区中有重复的文件（已损坏或被篡改）</translation>
    </message>
    <message>
        <source>the workspace holds an unexpected file {name!r}</source>
        <translation>工作区中有不应有的文件 {name!r}</translation>
    </message>
    <message>
        <source>the workspace holds {count:,} runs; at most {most:,} are read</source>
        <translation>工作区中有 {count:,} 次运行；最多读取 {most:,} 次</translation>
    </message>
    <message>
        <source>{name} is not UTF-8 text</source>
        <translation>{name} 不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>{name} is not allowed in strict JSON</source>
        <translation>严格的 JSON 不允许 {name}</translation>
    </message>
    <message>
        <source>{name} cannot be read: {detail}</source>
        <translation>{name} 无法读取：{detail}</translation>
    </message>
    <message>
        <source>{name} must hold a JSON object</source>
        <translation>{name} 必须是一个 JSON 对象</translation>
    </message>
    <message>
        <source>unknown workspace format version {version!r}</source>
        <translation>未知的工作区格式版本 {version!r}</translation>
    </message>
    <message>
        <source>made by a newer SGD Lab (format {version}); this version reads format {supported}: update SGD Lab to open it</source>
        <translation>由更新版本的 SGD Lab 保存（格式 {version}）；本版本读取格式 {supported}：请更新 SGD Lab 后再打开</translation>
    </message>
    <message>
        <source>config: trains on imported data, but the workspace holds none</source>
        <translation>config：使用导入的数据训练，但工作区中没有导入的数据</translation>
    </message>
    <message>
        <source>{where}.id {run_id} is used twice</source>
        <translation>{where}.id {run_id} 重复使用</translation>
    </message>
    <message>
        <source>workspace.{key} is missing</source>
        <translation>工作区缺少 {key}</translation>
    </message>
    <message>
        <source>workspace.{key} must be {kind} (got {got})</source>
        <translation>工作区的 {key} 必须是{kind}（当前为 {got}）</translation>
    </message>
    <message>
        <source>{where} must be a JSON object</source>
        <translation>{where} 必须是一个 JSON 对象</translation>
    </message>
    <message>
        <source>{where}.{key} is missing</source>
        <translation>缺少 {where}.{key}</translation>
    </message>
    <message>
        <source>{where}.{key} must be {kind} (got {got})</source>
        <translation>{where}.{key} 必须是{kind}（当前为 {got}）</translation>
    </message>
    <message>
        <source>{where}.{field} {problem}</source>
        <translation>{where}.{field}：{problem}</translation>
    </message>
    <message>
        <source>{where}.dataset: unknown dataset {name!r}</source>
        <translation>{where}.dataset：未知的数据集 {name!r}</translation>
    </message>
    <message>
        <source>{where}.{key}: unknown value {value!r}</source>
        <translation>{where}.{key}：未知的取值 {value!r}</translation>
    </message>
    <message>
        <source>{where}.{key} must be in [{low:g}, {high:g}] (got {value:g})</source>
        <translation>{where}.{key}：必须在 [{low:g}, {high:g}] 之内（当前为 {value:g}）</translation>
    </message>
    <message>
        <source>{where}.status: unknown status {status!r}</source>
        <translation>{where}.status：未知的状态 {status!r}</translation>
    </message>
    <message>
        <source>{where}.changes[{index}] must be an object of plain values</source>
        <translation>{where}.changes[{index}] 必须是由简单值组成的对象</translation>
    </message>
    <message>
        <source>{where}: the array {key} is missing from {npz}</source>
        <translation>{where}：{npz} 中缺少数组 {key}</translation>
    </message>
    <message>
        <source>{where}: watched values without their norms</source>
        <translation>{where}：有观察的值却没有它们的范数</translation>
    </message>
    <message>
        <source>{where}: its arrays do not hold {steps:,} steps each</source>
        <translation>{where}：它的数组并非每个都有 {steps:,} 步</translation>
    </message>
    <message>
        <source>{where}: the iteration losses must be finite, from {steps:,} to {k} × {steps:,} of them, and only with gradient accumulation</source>
        <translation>{where}：各次迭代的损失必须是有限值，数量在 {steps:,} 到 {k} × {steps:,} 之间，并且只能用于梯度累积</translation>
    </message>
    <message>
        <source>{where}: {problem}</source>
        <translation>{where}：{problem}</translation>
    </message>
    <message>
        <source>{where} must be [first step, [[name, index], …]]</source>
        <translation>{where} 必须是 [起始步, [[名称, 索引], …]]</translation>
    </message>
    <message>
        <source>data.task: unknown task {task!r}</source>
        <translation>data.task：未知的任务类型 {task!r}</translation>
    </message>
    <message>
        <source>data.feature_names must name every feature</source>
        <translation>data.feature_names 必须为每个特征命名</translation>
    </message>
    <message>
        <source>data.classes must be text labels</source>
        <translation>data.classes 必须是文本标签</translation>
    </message>
    <message>
        <source>data.classes must list two or more labels for classification, none for regression</source>
        <translation>data.classes 在分类时必须列出两个或更多标签，回归时为空</translation>
    </message>
    <message>
        <source>data: the {part} arrays do not have {rows:,} rows of {features} features</source>
        <translation>data：{part}数组不是 {rows:,} 行、每行 {features} 个特征</translation>
    </message>
    <message>
        <source>data: the {part} arrays hold NaN or infinite values</source>
        <translation>data：{part}数组含有 NaN 或无穷大的值</translation>
    </message>
    <message>
        <source>data.data_source: the key {key} is unknown or of the wrong type</source>
        <translation>data.data_source：键 {key} 未知或类型错误</translation>
    </message>
    <message>
        <source>data: the {part} targets are not class numbers 0 … {last}</source>
        <translation>data：{part}目标不是 0 … {last} 的类别编号</translation>
    </message>
    <message>
        <source>data: the standardisation does not match the features</source>
        <translation>data：标准化参数与特征不匹配</translation>
    </message>
    <message>
        <source>data.image_shape must be two whole numbers whose product is {features:,}</source>
        <translation>data.image_shape 必须是两个整数，其乘积为 {features:,}</translation>
    </message>
    <message>
        <source>step column {name} has shape {shape}; expected ({size},)</source>
        <translation>逐步数据列 {name} 的形状为 {shape}；应为 ({size},)</translation>
    </message>
    <message>
        <source>watched entries do not match the steps</source>
        <translation>观察的条目与步数不符</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <source>Expecting value</source>
        <translation>此处应为一个值</translation>
    </message>
    <message>
        <source>Expecting property name enclosed in double quotes</source>
        <translation>此处应为双引号括起的属性名</translation>
    </message>
    <message>
        <source>Expecting &apos;,&apos; delimiter</source>
        <translation>此处应为分隔符 &apos;,&apos;</translation>
    </message>
    <message>
        <source>Expecting &apos;:&apos; delimiter</source>
        <translation>此处应为分隔符 &apos;:&apos;</translation>
    </message>
    <message>
        <source>Extra data</source>
        <translation>多余的数据</translation>
    </message>
    <message>
        <source>Unterminated string starting at</source>
        <translation>字符串没有结束</translation>
    </message>
    <message>
        <source>Invalid control character at</source>
        <translation>无效的控制字符</translation>
    </message>
    <message>
        <source>File is not a zip file</source>
        <translation>不是 zip 文件</translation>
    </message>
    <message>
        <source>unexpected end of data</source>
        <translation>数据意外结束</translation>
    </message>
    <message>
        <source>the option {key} is given twice</source>
        <translation>选项 {key} 给出了两次</translation>
    </message>
    <message>
        <source>B_simple = tr(Σ)/|G|² = {value:.3g} at the initial weights</source>
        <translation>初始权重处 B_simple&#xa0;=&#xa0;tr(Σ)/|G|²&#xa0;=&#xa0;{value:.3g}</translation>
    </message>
    <message>
        <source>B_crit = E_min/S_min = {value:.3g} from the steps to the target loss</source>
        <translation>由达到目标损失所需步数得到 B_crit&#xa0;=&#xa0;E_min/S_min&#xa0;=&#xa0;{value:.3g}</translation>
    </message>
    <message>
        <source>B_crit not fitted: the steps to the target did not fall as S_min + E_min/B</source>
        <translation>B_crit 未能拟合：达到目标的步数没有按 S_min + E_min/B 下降</translation>
    </message>
    <message>
        <source>{inside} of {count} estimates inside the article&apos;s {low}–{high}</source>
        <translation>{count} 个估计中有 {inside} 个落在文章的 {low}–{high} 之内</translation>
    </message>
    <message>
        <source>share of {seeds} runs ending in the deeper basin: {shares} (B={small} vs B={large}: z = {z:.2f})</source>
        <translation>{seeds} 次运行中停在较深盆地的比例：{shares}（B={small} 对 B={large}：z&#xa0;=&#xa0;{z:.2f}）</translation>
    </message>
    <message>
        <source>not measured here: a {model} model&apos;s loss is convex, so it has no poor minima to escape; run the lab on two-basins</source>
        <translation>此处未测量：{model} 的损失是凸的，没有可逃离的较差极小值；请在双盆地数据集（two-basins）上运行实验室</translation>
    </message>
    <message>
        <source>not measured here: which minimum a {model} run ends in is not identified; run the lab on two-basins</source>
        <translation>此处未测量：未识别 {model} 运行最终停在哪个极小值；请在双盆地数据集（two-basins）上运行实验室</translation>
    </message>
    <message>
        <source>row {row} is longer than {most:,} bytes: not a table</source>
        <translation>第 {row} 行超过 {most:,} 字节：不是表格</translation>
    </message>
    <message>
        <source>row {row} has more than {most:,} columns: not a table SGD Lab reads</source>
        <translation>第 {row} 行超过 {most:,} 列：不是 SGD Lab 能读取的表格</translation>
    </message>
    <message>
        <source>{what}: its list of files takes {size}; at most {limit} is read</source>
        <translation>{what}：其文件列表占 {size}；最多读取 {limit}</translation>
    </message>
    <message>
        <source>{what} is truncated: its end is missing or damaged (an incomplete copy or download?)</source>
        <translation>{what}已被截断：文件末尾缺失或损坏（复制或下载不完整？）</translation>
    </message>
    <message>
        <source>{what}: {member} is compressed, but the format stores it uncompressed</source>
        <translation>{what}：{member} 是压缩的，但格式规定它不压缩存储</translation>
    </message>
    <message>
        <source>its local header does not match the directory</source>
        <translation>其本地文件头与目录不符</translation>
    </message>
    <message>
        <source>{what}: {array} holds dtype {dtype}; the format says {allowed}</source>
        <translation>{what}：{array} 的数据类型为 {dtype}；格式规定为 {allowed}</translation>
    </message>
    <message>
        <source>{what}: {array} holds {count:,} values; at most {most:,} are read</source>
        <translation>{what}：{array} 含 {count:,} 个值；最多读取 {most:,} 个</translation>
    </message>
    <message>
        <source>{name} holds more than {containers:,} objects and lists or {values:,} values: more than a workspace holds</source>
        <translation>{name} 含有超过 {containers:,} 个对象和列表或 {values:,} 个值：超出工作区的容量</translation>
    </message>
    <message>
        <source>{name}: the key {key} appears twice in one object</source>
        <translation>{name}：键 {key} 在同一个对象中出现了两次</translation>
    </message>
    <message>
        <source>{where}.{key} must be a whole number in [{low:,}, {high:,}] (got {got})</source>
        <translation>{where}.{key} 必须是 [{low:,}, {high:,}] 内的整数（得到 {got}）</translation>
    </message>
    <message>
        <source>{where}.{key} must be a finite number in {interval} (got {got})</source>
        <translation>{where}.{key} 必须是 {interval} 内的有限数（得到 {got}）</translation>
    </message>
    <message>
        <source>{where}.epochs lists more epochs than its config&apos;s {epochs}</source>
        <translation>{where}.epochs 列出的轮次多于其配置的 {epochs} 个轮次</translation>
    </message>
    <message>
        <source>{where}.stability: unknown key {key}</source>
        <translation>{where}.stability：未知的键 {key}</translation>
    </message>
    <message>
        <source>{where}: the array {key} holds {dtype}; the format says {wanted}</source>
        <translation>{where}：数组 {key} 的类型为 {dtype}；格式规定为 {wanted}</translation>
    </message>
    <message>
        <source>{where}: the array {key} holds NaN or infinite values</source>
        <translation>{where}：数组 {key} 含有 NaN 或无穷大的值</translation>
    </message>
    <message>
        <source>{where}: the array {key} holds batch sizes outside [1, {most:,}]</source>
        <translation>{where}：数组 {key} 含有 [1, {most:,}] 以外的 batch size</translation>
    </message>
    <message>
        <source>{where}: a watched entry must be [name, [index, …]], each entry once</source>
        <translation>{where}：观察的条目必须是 [名称, [索引, …]]，每个条目只出现一次</translation>
    </message>
    <message>
        <source>{where}: {name!r} at that index is not an entry of the run&apos;s model</source>
        <translation>{where}：{name!r} 在该索引处不是这次运行的模型中的条目</translation>
    </message>
    <message>
        <source>{where}: the first step must be in [1, {last:,}]</source>
        <translation>{where}：第一步必须在 [1, {last:,}] 内</translation>
    </message>
    <message>
        <source>{where}: the segments&apos; first steps must increase</source>
        <translation>{where}：各段的第一步必须递增</translation>
    </message>
    <message>
        <source>{where}: watch_segments without the watched values&apos; arrays</source>
        <translation>{where}：有 watch_segments，却没有观察值的数组</translation>
    </message>
</context>
<context>
    <name>DataImport</name>
    <message>
        <source>{0} classes of {1}</source>
        <translation>{1} 的 {0} 个类别</translation>
    </message>
    <message>
        <source>regression of {0}</source>
        <translation>回归 {0}</translation>
    </message>
    <message>
        <source>{0}: {1} training + {2} validation rows, {3} features, {4}</source>
        <translation>{0}：{1} 行训练 + {2} 行验证，{3} 个特征，{4}</translation>
    </message>
    <message>
        <source>, standardised</source>
        <translation>，已标准化</translation>
    </message>
    <message>
        <source>spaces</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>commas</source>
        <translation>逗号</translation>
    </message>
    <message>
        <source>semicolons</source>
        <translation>分号</translation>
    </message>
    <message>
        <source>tabs</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>vertical bars</source>
        <translation>竖线</translation>
    </message>
    <message>
        <source>{0} training and {1} test images of {2}×{3} pixels with their labels</source>
        <translation>{0} 张训练图像和 {1} 张测试图像，{2}×{3} 像素，附带标签</translation>
    </message>
    <message>
        <source>{0} columns from the arrays x and y</source>
        <translation>来自数组 x 和 y 的 {0} 列</translation>
    </message>
    <message>
        <source>{0} columns separated by {1}</source>
        <translation>{0} 列，以{1}分隔</translation>
    </message>
</context>
<context>
    <name>EpochMap</name>
    <message>
        <source>Every training sample is one cell. Cells light up as this epoch&apos;s mini-batches use them, in the order the engine drew; a new epoch starts afresh.</source>
        <translation>每个训练样本是一个格子。本轮次的小批量用到某个样本时，它的格子就会亮起，顺序就是引擎抽取的顺序；新的轮次重新开始。</translation>
    </message>
    <message>
        <source>Epoch map: every training sample, one cell each</source>
        <translation>轮次地图：每个训练样本一个格子</translation>
    </message>
    <message>
        <source>not yet this epoch</source>
        <translation>本轮次尚未用到</translation>
    </message>
    <message>
        <source>used this epoch</source>
        <translation>本轮次已用到</translation>
    </message>
    <message>
        <source>current mini-batch</source>
        <translation>当前小批量</translation>
    </message>
    <message>
        <source>skipped (drop_last)</source>
        <translation>被跳过（drop_last）</translation>
    </message>
    <message>
        <source>A run loaded from a file kept no order of its samples: run it to watch.</source>
        <translation>从文件读取的运行没有保存样本的顺序：重新运行一次即可观看。</translation>
    </message>
    <message>
        <source>{0} data-parallel workers each take their own share of every epoch, in their own processes: the map pictures a run in one process (workers 1).</source>
        <translation>{0} 个数据并行工作进程在各自的进程中分别取走每个轮次中属于自己的一份：这张地图只画单进程的运行（工作进程 1）。</translation>
    </message>
    <message>
        <source>{0} of {1} samples seen · batch {2} of {3}</source>
        <translation>已用到 {0}/{1} 个样本 · 第 {2}/{3} 批</translation>
    </message>
    <message>
        <source>{0} · {1} skipped (drop_last)</source>
        <translation>{0} · 跳过 {1} 个（drop_last）</translation>
    </message>
    <message>
        <source>{0} · this batch: {1} samples</source>
        <translation>{0} · 这一批：{1} 个样本</translation>
    </message>
    <message>
        <source>Sample {0} · no run yet</source>
        <translation>样本 {0} · 还没有运行</translation>
    </message>
    <message>
        <source>step {0} (epoch {1}, batch {2} of {3})</source>
        <translation>第 {0} 步（轮次 {1}，第 {2}/{3} 批）</translation>
    </message>
    <message>
        <source>Sample {0} · {1}</source>
        <translation>样本 {0} · {1}</translation>
    </message>
    <message>
        <source>{0} · label {1}</source>
        <translation>{0} · 标签 {1}</translation>
    </message>
    <message>
        <source>Point at a cell, or Tab to the map and use the arrow keys, to read its sample.</source>
        <translation>把鼠标指向一个格子，或用制表键移到地图上再用方向键，即可读出它的样本。</translation>
    </message>
</context>
<context>
    <name>EpochPlot</name>
    <message>
        <source>Loss per epoch</source>
        <translation>每个轮次的损失</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>training loss (whole set)</source>
        <translation>训练损失（全集）</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>MSE</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>{0}; log scale: the loss blew up</source>
        <translation>{0}；对数刻度：损失爆炸了</translation>
    </message>
    <message>
        <source>loss ({0})</source>
        <translation>损失（{0}）</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>&amp;Import data…</source>
        <translation>导入数据(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Open workspace…</source>
        <translation>打开工作区(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save workspace…</source>
        <translation>保存工作区(&amp;S)…</translation>
    </message>
    <message>
        <source>Open &amp;config…</source>
        <translation>打开配置(&amp;C)…</translation>
    </message>
    <message>
        <source>Save co&amp;nfig…</source>
        <translation>保存配置(&amp;N)…</translation>
    </message>
    <message>
        <source>Export run &amp;history (CSV, JSON)…</source>
        <translation>导出运行历史（CSV、JSON）(&amp;H)…</translation>
    </message>
    <message>
        <source>Export &amp;plot (PNG, SVG)…</source>
        <translation>导出图表（PNG、SVG）(&amp;P)…</translation>
    </message>
    <message>
        <source>Export PyTorch scrip&amp;t…</source>
        <translation>导出 PyTorch 脚本…(&amp;T)</translation>
    </message>
    <message>
        <source>These files exist already:
{0}

Replace them?</source>
        <translation>这些文件已经存在：
{0}

要替换它们吗？</translation>
    </message>
    <message>
        <source>Imported {0}</source>
        <translation>已导入 {0}</translation>
    </message>
    <message>
        <source>Open config</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <source>SGD Lab config (*.json);;All files (*)</source>
        <translation>SGD Lab 配置 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open the config</source>
        <translation>无法打开配置</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Opened the config {0}</source>
        <translation>已打开配置 {0}</translation>
    </message>
    <message>
        <source>Save config</source>
        <translation>保存配置</translation>
    </message>
    <message>
        <source>SGD Lab config (*.json)</source>
        <translation>SGD Lab 配置 (*.json)</translation>
    </message>
    <message>
        <source>Cannot save the config</source>
        <translation>无法保存配置</translation>
    </message>
    <message>
        <source>The settings are not valid yet: {0}</source>
        <translation>设置还不合法：{0}</translation>
    </message>
    <message>
        <source>Saved the config to {0}</source>
        <translation>配置已保存到 {0}</translation>
    </message>
    <message>
        <source>Save workspace</source>
        <translation>保存工作区</translation>
    </message>
    <message>
        <source>SGD Lab workspace (*{0})</source>
        <translation>SGD Lab 工作区 (*{0})</translation>
    </message>
    <message>
        <source>Saved the workspace to {0}</source>
        <translation>工作区已保存到 {0}</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <source>SGD Lab workspace (*{0});;All files (*)</source>
        <translation>SGD Lab 工作区 (*{0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open the workspace</source>
        <translation>无法打开工作区</translation>
    </message>
    <message>
        <source>{0}: {1}. Nothing was changed.</source>
        <translation>{0}：{1}。没有做任何更改。</translation>
    </message>
    <message>
        <source>Opened the workspace {0}: {1} runs</source>
        <translation>已打开工作区 {0}：{1} 次运行</translation>
    </message>
    <message>
        <source>There is no run to export yet: train one first.</source>
        <translation>还没有可导出的运行：请先训练一次。</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Export run history</source>
        <translation>导出运行历史</translation>
    </message>
    <message>
        <source>CSV, one row per step (*.csv);;JSON, as the command line writes (*.json)</source>
        <translation>CSV，每步一行 (*.csv);;JSON，与命令行输出相同 (*.json)</translation>
    </message>
    <message>
        <source>Exported the run&apos;s history to {0}</source>
        <translation>运行历史已导出到 {0}</translation>
    </message>
    <message>
        <source>Mini-batch loss</source>
        <translation>小批量损失</translation>
    </message>
    <message>
        <source>Loss per epoch</source>
        <translation>每个轮次的损失</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Plot</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Plot:</source>
        <translation>图表：</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Exported the plot to {0}</source>
        <translation>图表已导出到 {0}</translation>
    </message>
    <message>
        <source>Export PyTorch script</source>
        <translation>导出 PyTorch 脚本</translation>
    </message>
    <message>
        <source>Python script (*.py)</source>
        <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
        <source>Exported the PyTorch script to {0}</source>
        <translation>已将 PyTorch 脚本导出到 {0}</translation>
    </message>
    <message>
        <source>Cannot write the file</source>
        <translation>无法写入文件</translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}. Any earlier file of that name is unchanged.</source>
        <translation>无法写入 {0}：{1}。同名的原有文件保持不变。</translation>
    </message>
</context>
<context>
    <name>FormsComparison</name>
    <message>
        <source>PyTorch: &lt;b&gt;b ← β·b + g; θ ← θ − α·b&lt;/b&gt;. The article: &lt;b&gt;v ← β·v − α·g; θ ← θ + v&lt;/b&gt;. With a constant α the two give the same iterates and the curves lie on each other. When α changes (a schedule), PyTorch multiplies the whole accumulated b by the new α, while the article&apos;s v keeps each past gradient at the α it was taken with: from the first change on, the curves part. Run → Compare momentum forms trains the current settings both ways.</source>
        <translation>PyTorch：&lt;b&gt;b ← β·b + g; θ ← θ − α·b&lt;/b&gt;。文章：&lt;b&gt;v ← β·v − α·g; θ ← θ + v&lt;/b&gt;。学习率 α 不变时两者给出相同的迭代结果，两条曲线重合。当 α 改变时（学习率调度），PyTorch 用新的 α 乘以整个累积的 b，而文章的 v 中每个过去的梯度保留它当时的 α：从第一次改变起，两条曲线分开。“运行 → 比较两种动量形式”用当前设置按两种方式各训练一次。</translation>
    </message>
    <message>
        <source>θ&lt;sub&gt;PyTorch&lt;/sub&gt; − θ&lt;sub&gt;article&lt;/sub&gt;</source>
        <translation>θ&lt;sub&gt;PyTorch&lt;/sub&gt; − θ&lt;sub&gt;文章&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation>损失（平滑）</translation>
    </message>
    <message>
        <source>optimizer.step()</source>
        <translation>optimizer.step()</translation>
    </message>
    <message>
        <source>PyTorch SGD (b)</source>
        <translation>PyTorch SGD（b）</translation>
    </message>
    <message>
        <source>the article&apos;s form (v)</source>
        <translation>文章的形式（v）</translation>
    </message>
    <message>
        <source>parameter value</source>
        <translation>参数值</translation>
    </message>
    <message>
        <source>The two momentum forms compared</source>
        <translation>两种动量形式的比较</translation>
    </message>
    <message>
        <source>value of {0}</source>
        <translation>{0} 的值</translation>
    </message>
    <message>
        <source>&lt;b&gt;Same iterates&lt;/b&gt; over all {0} steps (largest difference {1:.1e}) with the {2} schedule.</source>
        <translation>学习率调度“{2}”下，全部 {0} 步&lt;b&gt;迭代结果相同&lt;/b&gt;（最大差值 {1:.1e}）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;The forms part at step {0}&lt;/b&gt; (the {1} schedule changed α); by the end the difference in this entry is {2:.3g}.</source>
        <translation>&lt;b&gt;两种形式在第 {0} 步分开&lt;/b&gt;（学习率调度“{1}”改变了 α）；到最后，这一项的差值为 {2:.3g}。</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <source>A table: CSV, tab-, semicolon- or space-separated, also compressed (.gz, .bz2, .xz, .zip), one row per sample, a header row optional; or a NumPy .npz file with arrays x (rows × features) and y (one target per row). Click a column&apos;s title to leave it out or to use it. MNIST or Fashion-MNIST from your disk: choose one of its four IDX files (train-images-idx3-ubyte and the others beside it, gzipped or not), type their folder, or choose Keras&apos;s mnist.npz; its test images become the validation set.</source>
        <translation>表格：CSV，或以制表符、分号、空格分隔，也可以是压缩文件（.gz、.bz2、.xz、.zip），每个样本一行，表头行可有可无；或包含数组 x（行 × 特征）和 y（每行一个目标值）的 NumPy .npz 文件。点击列标题可不使用该列，或使用它。磁盘上的 MNIST 或 Fashion-MNIST：选择它的四个 IDX 文件之一（train-images-idx3-ubyte 及其旁边的其他文件，gzip 压缩与否均可），输入它们所在的文件夹，或选择 Keras 的 mnist.npz；其中的测试图像作为验证集。</translation>
    </message>
    <message>
        <source>File to import</source>
        <translation>要导入的文件</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>First row is a header</source>
        <translation>第一行是表头</translation>
    </message>
    <message>
        <source>No header</source>
        <translation>没有表头</translation>
    </message>
    <message>
        <source>Drop the rows that have one (empty, NA, N/A, NaN, ?)</source>
        <translation>删除含缺失值的行（空、NA、N/A、NaN、?）</translation>
    </message>
    <message>
        <source>Refuse the file</source>
        <translation>拒绝该文件</translation>
    </message>
    <message>
        <source>Click a column&apos;s title to leave it out, or to use a column left out</source>
        <translation>点击列标题可不使用该列，或使用一个未使用的列</translation>
    </message>
    <message>
        <source>&amp;Header</source>
        <translation>表头(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Target column</source>
        <translation>目标列(&amp;T)</translation>
    </message>
    <message>
        <source>Detect (text or a few whole numbers: classes)</source>
        <translation>自动检测（文本或少数几个整数：类别）</translation>
    </message>
    <message>
        <source>Classification (labels → classes 0 … K−1)</source>
        <translation>分类（标签 → 类别 0 … K−1）</translation>
    </message>
    <message>
        <source>Regression (a number to predict)</source>
        <translation>回归（预测一个数值）</translation>
    </message>
    <message>
        <source>T&amp;ask</source>
        <translation>任务(&amp;A)</translation>
    </message>
    <message>
        <source>The share of rows kept apart for validation, drawn with the seed</source>
        <translation>留作验证的行所占比例，按随机种子抽取</translation>
    </message>
    <message>
        <source>&amp;Validation share</source>
        <translation>验证比例(&amp;V)</translation>
    </message>
    <message>
        <source>The file&apos;s row numbers, as a message names them</source>
        <translation>文件中的行号，与消息中所说的行号一致</translation>
    </message>
    <message>
        <source>&amp;Missing values</source>
        <translation>缺失值(&amp;M)</translation>
    </message>
    <message>
        <source>Split &amp;seed</source>
        <translation>划分随机种子(&amp;S)</translation>
    </message>
    <message>
        <source>Standardise the features (mean 0, std 1, fitted on the training rows only)</source>
        <translation>标准化特征（均值 0、标准差 1，只用训练行拟合）</translation>
    </message>
    <message>
        <source>Features on very different scales make one learning rate too big for some and too small for others.</source>
        <translation>特征的尺度相差很大时，同一个学习率对某些特征太大，对另一些又太小。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>{0} (column {1})</source>
        <translation>{0}（第 {1} 列）</translation>
    </message>
    <message>
        <source>Tables (*.csv *.tsv *.txt *.dat *.gz *.bz2 *.xz *.zip *.npz);;MNIST, Fashion-MNIST (*-ubyte *-ubyte.gz *.npz);;All files (*)</source>
        <translation>表格 (*.csv *.tsv *.txt *.dat *.gz *.bz2 *.xz *.zip *.npz);;MNIST、Fashion-MNIST (*-ubyte *-ubyte.gz *.npz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{0}. The first {1} images:</source>
        <translation>{0}。前 {1} 张图像：</translation>
    </message>
    <message>
        <source>a header row</source>
        <translation>有表头行</translation>
    </message>
    <message>
        <source>no header row</source>
        <translation>没有表头行</translation>
    </message>
    <message>
        <source>{0}; {1}. The first {2} rows:</source>
        <translation>{0}；{1}。前 {2} 行：</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>feature</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>one-hot, {0} values</source>
        <translation>独热编码，{0} 种取值</translation>
    </message>
    <message>
        <source>date feature</source>
        <translation>日期特征</translation>
    </message>
    <message>
        <source>left out: an ID</source>
        <translation>未使用：ID</translation>
    </message>
    <message>
        <source>left out: a date</source>
        <translation>未使用：日期</translation>
    </message>
    <message>
        <source>left out: text of {0} values</source>
        <translation>未使用：{0} 种取值的文本</translation>
    </message>
    <message>
        <source>left out: empty</source>
        <translation>未使用：空列</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>未使用</translation>
    </message>
    <message>
        <source>Left out: {0}</source>
        <translation>未使用：{0}</translation>
    </message>
    <message>
        <source>Cannot import: {0}</source>
        <translation>无法导入：{0}</translation>
    </message>
    <message>
        <source>the import was cancelled</source>
        <translation>导入已取消</translation>
    </message>
</context>
<context>
    <name>IterationCounter</name>
    <message>
        <source>this epoch</source>
        <translation>本轮次</translation>
    </message>
    <message>
        <source>whole run</source>
        <translation>整个运行</translation>
    </message>
    <message>
        <source>Iteration counter</source>
        <translation>迭代计数器</translation>
    </message>
    <message>
        <source>Iteration counter: the epoch, the iteration in it, the optimizer step, speed and time left</source>
        <translation>迭代计数器：当前轮次、轮次内的迭代、优化步、速度和剩余时间</translation>
    </message>
    <message>
        <source>Epoch {0}/{1}</source>
        <translation>轮次 {0}/{1}</translation>
    </message>
    <message>
        <source>iteration {0}/{1} on each of {2} workers</source>
        <translation>{2} 个工作进程各自迭代 {0}/{1}</translation>
    </message>
    <message>
        <source>Iteration {0}/{1}</source>
        <translation>迭代 {0}/{1}</translation>
    </message>
    <message>
        <source>optimizer step {0}/{1} this epoch</source>
        <translation>本轮次优化步 {0}/{1}</translation>
    </message>
    <message>
        <source>global step {0}/{1}</source>
        <translation>全局第 {0}/{1} 步</translation>
    </message>
    <message>
        <source>{0}/{1} in the run</source>
        <translation>整个运行 {0}/{1}</translation>
    </message>
    <message>
        <source>step {0}/{1}</source>
        <translation>第 {0}/{1} 步</translation>
    </message>
    <message>
        <source>{0} it/s</source>
        <translation>{0} 次迭代/秒</translation>
    </message>
    <message>
        <source>took {0}</source>
        <translation>用时 {0}</translation>
    </message>
    <message>
        <source>ETA {0}</source>
        <translation>剩余 {0}</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
</context>
<context>
    <name>LabPanel</name>
    <message>
        <source>The article&apos;s table says a small batch uses less memory, updates more often but runs slower per epoch, is noisier (the noise helps it escape poor minima) and often generalises better, and a large batch the reverse. The lab trains your settings (model, data, α, β, seed) once per batch size and puts the claims next to the measurements. It uses its own epochs and training-set size, smaller than the settings&apos; by default, so that it finishes in seconds.</source>
        <translation>文章的表格说：小 batch size 占用内存少、更新更频繁，但每个轮次运行更慢、噪声更大（噪声有助于跳出较差的极小值），泛化往往更好；大 batch size 则相反。实验室用你的设置（模型、数据、α、β、随机种子）对每个 batch size 各训练一次，把文章的说法与测量结果放在一起。它使用自己的轮次数和训练集大小，默认比设置中的小，几秒钟就能完成。</translation>
    </message>
    <message>
        <source>batch sizes:</source>
        <translation>batch size：</translation>
    </message>
    <message>
        <source>epochs:</source>
        <translation>轮次数：</translation>
    </message>
    <message>
        <source>training samples:</source>
        <translation>训练样本数：</translation>
    </message>
    <message>
        <source>linear-scaling rule: α grows with B (Goyal et al. 2017)</source>
        <translation>线性缩放规则：α 随 B 增大（Goyal 等人 2017）</translation>
    </message>
    <message>
        <source>α_B = α × B / B₀, with α and B₀ the learning rate and batch size in the settings</source>
        <translation>α_B&#xa0;=&#xa0;α × B / B₀，其中 α 和 B₀ 是设置中的学习率和 batch size</translation>
    </message>
    <message>
        <source>Run the lab</source>
        <translation>运行实验室</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>the article says</source>
        <translation>文章的说法</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>测量结果</translation>
    </message>
    <message>
        <source>verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Gradient noise E‖g_B − g‖² against B</source>
        <translation>梯度噪声 E‖g_B − g‖² 与 B 的关系</translation>
    </message>
    <message>
        <source>batch size B</source>
        <translation>batch size B</translation>
    </message>
    <message>
        <source>E‖g_B − g‖²</source>
        <translation>E‖g_B − g‖²</translation>
    </message>
    <message>
        <source>theory S²(1 − B/N)/B</source>
        <translation>理论值 S²(1 − B/N)/B</translation>
    </message>
    <message>
        <source>∝ 1/B</source>
        <translation>∝ 1/B</translation>
    </message>
    <message>
        <source>Steps S against samples E to the target loss</source>
        <translation>达到目标损失的步数 S 与样本数 E</translation>
    </message>
    <message>
        <source>samples E = S·B</source>
        <translation>样本数 E&#xa0;=&#xa0;S·B</translation>
    </message>
    <message>
        <source>steps S</source>
        <translation>步数 S</translation>
    </message>
    <message>
        <source>fit (S/S_min − 1)(E/E_min − 1) = 1</source>
        <translation>拟合 (S/S_min − 1)(E/E_min − 1)&#xa0;=&#xa0;1</translation>
    </message>
    <message>
        <source>each B, measured</source>
        <translation>各 B 的测量值</translation>
    </message>
    <message>
        <source>Measurements for each batch size</source>
        <translation>每个 batch size 的测量结果</translation>
    </message>
    <message>
        <source>The article&apos;s claims against the measurements</source>
        <translation>文章的说法与测量结果对照</translation>
    </message>
    <message>
        <source>Below the critical batch size B_crit = E_min/S_min, doubling B nearly halves the steps; above it, the extra samples are mostly wasted. Here α is the same for every B, where McCandlish et al. (2018) tune α for each B: a large B held to a small α needs more steps than it would with its best α, so B_crit here can come out lower than with α tuned for each B.</source>
        <translation>在临界 batch size B_crit&#xa0;=&#xa0;E_min/S_min 以下，B 加倍几乎使步数减半；在它以上，多出的样本大多被浪费。这里每个 B 的 α 都相同，而 McCandlish 等人（2018）为每个 B 调节 α：被限制在小 α 的大 batch size 需要的步数多于用它最佳 α 时，因此这里的 B_crit 可能低于为每个 B 调节 α 时的值。</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>batch size</translation>
    </message>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>learning rate (scaled with B under the linear-scaling rule)</source>
        <translation>学习率（使用线性缩放规则时随 B 缩放）</translation>
    </message>
    <message>
        <source>β</source>
        <translation>β</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>steps/epoch</source>
        <translation>步/轮次</translation>
    </message>
    <message>
        <source>optimizer.step() calls per epoch: ⌈N/B⌉</source>
        <translation>每个轮次调用 optimizer.step() 的次数：⌈N/B⌉</translation>
    </message>
    <message>
        <source>s/epoch</source>
        <translation>秒/轮次</translation>
    </message>
    <message>
        <source>wall time per epoch, measured on this machine</source>
        <translation>每个轮次的实际耗时，在本机上测量</translation>
    </message>
    <message>
        <source>memory/step</source>
        <translation>内存/步</translation>
    </message>
    <message>
        <source>tensor bytes of one step: the batch, the activations saved for backward(), the gradients</source>
        <translation>一步所用张量的字节数：这一批数据、为 backward() 保存的激活值、梯度</translation>
    </message>
    <message>
        <source>grad noise</source>
        <translation>梯度噪声</translation>
    </message>
    <message>
        <source>E‖g_B − g‖², measured at the initial weights: the mini-batch gradient&apos;s spread around the full-batch one</source>
        <translation>E‖g_B − g‖²，在初始权重处测量：小批量梯度围绕全批量梯度的离散程度</translation>
    </message>
    <message>
        <source>theory</source>
        <translation>理论值</translation>
    </message>
    <message>
        <source>S²(1 − B/N)/B: falls as 1/B</source>
        <translation>S²(1 − B/N)/B：按 1/B 下降</translation>
    </message>
    <message>
        <source>jitter</source>
        <translation>抖动</translation>
    </message>
    <message>
        <source>standard deviation of the step-to-step change of the mini-batch loss, last epoch, ÷ √2</source>
        <translation>最后一个轮次中小批量损失逐步变化量的标准差，÷ √2</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>final loss on the whole training set</source>
        <translation>整个训练集上的最终损失</translation>
    </message>
    <message>
        <source>val loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>final validation loss</source>
        <translation>最终验证损失</translation>
    </message>
    <message>
        <source>val acc</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>final validation accuracy</source>
        <translation>最终验证准确率</translation>
    </message>
    <message>
        <source>gap</source>
        <translation>差距</translation>
    </message>
    <message>
        <source>generalisation gap: validation loss − training loss</source>
        <translation>泛化差距：验证损失 − 训练损失</translation>
    </message>
    <message>
        <source>@samples</source>
        <translation>@样本</translation>
    </message>
    <message>
        <source>training loss after the same number of samples for every B (the sample budget)</source>
        <translation>每个 B 都看过相同数量的样本之后的训练损失（样本预算）</translation>
    </message>
    <message>
        <source>@steps</source>
        <translation>@步</translation>
    </message>
    <message>
        <source>training loss after the same number of optimizer steps for every B (the step budget)</source>
        <translation>每个 B 都走了相同数量的优化步之后的训练损失（步数预算）</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>steps to the target training loss (the same target for every B)</source>
        <translation>达到目标训练损失的步数（每个 B 的目标相同）</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>samples to the target training loss: E = S·B</source>
        <translation>达到目标训练损失的样本数：E&#xa0;=&#xa0;S·B</translation>
    </message>
    <message>
        <source>deep basin</source>
        <translation>深盆地</translation>
    </message>
    <message>
        <source>two-basins: the share of runs (one per seed) that end in the deeper basin</source>
        <translation>two-basins：停在较深盆地的运行（每个随机种子一次）所占比例</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>completed, stopped or diverged</source>
        <translation>已完成、已停止或已发散</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>error</source>
        <translation>出错</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Cannot run the lab: {0}</source>
        <translation>无法运行实验室：{0}</translation>
    </message>
    <message>
        <source>Training {0} on {1}: {2} training samples, {3} epochs, batch sizes {4}…</source>
        <translation>在 {1} 上训练 {0}：{2} 个训练样本，{3} 个轮次，batch size {4}……</translation>
    </message>
    <message>
        <source>Cancelling after the current batch…</source>
        <translation>将在当前批之后取消……</translation>
    </message>
    <message>
        <source>lab B={0}</source>
        <translation>实验室 B={0}</translation>
    </message>
    <message>
        <source>Memory per step: tensor bytes, measured — the batch (inputs and targets), the activations autograd saves for backward() and the parameter gradients; not the process&apos;s RSS. Gradient noise: the mean of ‖g_B − g‖² over {0} mini-batches drawn without replacement, at the initial weights (the same for every B), g being the full-batch gradient; theory S²(1 − B/N)/B with S² the per-sample gradient variance. Budgets: {1} samples, {2} steps. Wall times are measured on this machine and vary from run to run.</source>
        <translation>每步内存：实测的张量字节数——这一批数据（输入和目标）、autograd 为 backward() 保存的激活值以及参数的梯度；不是进程的 RSS。梯度噪声：在初始权重处（对每个 B 都相同）对 {0} 个不放回抽取的小批量求 ‖g_B − g‖² 的平均，g 是全批量梯度；理论值 S²(1 − B/N)/B，其中 S² 是单个样本梯度的方差。预算：{1} 个样本，{2} 步。实际耗时在本机上测量，每次运行都会有所不同。</translation>
    </message>
    <message>
        <source>small batch: noisier steps; large batch: smoother</source>
        <translation>小 batch size：步子噪声更大；大 batch size：更平滑</translation>
    </message>
    <message>
        <source>the noise helps a small batch escape poor minima; a large batch may settle in one</source>
        <translation>噪声帮助小 batch size 跳出较差的极小值；大 batch size 可能停在其中</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cancelled: the {0} finished batch sizes are kept.</source>
        <translation>已取消：保留已完成的 {0} 个 batch size。</translation>
    </message>
    <message>
        <source>Done in {0:.1f} s: {1} batch sizes, same model, data and seed.</source>
        <translation>用时 {0:.1f} 秒完成：{1} 个 batch size，相同的模型、数据和随机种子。</translation>
    </message>
    <message>
        <source>The lab failed: {0}</source>
        <translation>实验室失败：{0}</translation>
    </message>
    <message>
        <source>not fitted</source>
        <translation>未拟合</translation>
    </message>
    <message>
        <source>Critical batch size (McCandlish et al. 2018): B_simple = tr(Σ)/|G|² = {0} at the initial weights (Σ the per-sample gradient covariance, G the full-batch gradient); B_crit = E_min/S_min = {1}, fitted to the steps S and samples E each B took to reach the target.</source>
        <translation>临界 batch size（McCandlish 等人 2018）：初始权重处 B_simple&#xa0;=&#xa0;tr(Σ)/|G|²&#xa0;=&#xa0;{0}（Σ 为单样本梯度的协方差，G 为全批梯度）；B_crit&#xa0;=&#xa0;E_min/S_min&#xa0;=&#xa0;{1}，由各 B 达到目标所用的步数 S 和样本数 E 拟合得到。</translation>
    </message>
    <message>
        <source>Target training loss {0:.4g} (from {1:.4g} at the start): {2:.0%} of the way down to the highest loss every batch size reached, measured on at most {3} training samples.</source>
        <translation>目标训练损失 {0:.4g}（起始为 {1:.4g}）：从起始损失下降到每个 batch size 都达到的最高损失的 {2:.0%}，在至多 {3} 个训练样本上测量。</translation>
    </message>
    <message>
        <source>Deep basin: {0} runs per batch size (seeds {1} … {2}: the same data and start, another sampling order), each counted in the deeper basin when its final w is on the deeper minimum&apos;s side of the saddle of the exact loss.</source>
        <translation>深盆地：每个 batch size 运行 {0} 次（随机种子 {1} … {2}：数据和起点相同，抽样顺序不同）；当最终的 w 位于精确损失的鞍点靠较深极小值一侧时，该次运行计为停在较深盆地。</translation>
    </message>
    <message>
        <source>memory use: small batch low, large batch high</source>
        <translation>内存占用：小 batch size 低，大 batch size 高</translation>
    </message>
    <message>
        <source>small batch updates more often, large batch less often</source>
        <translation>小 batch size 更新更频繁，大 batch size 更新较少</translation>
    </message>
    <message>
        <source>small batch trains slower per epoch, large batch faster</source>
        <translation>小 batch size 每个轮次训练更慢，大 batch size 更快</translation>
    </message>
    <message>
        <source>small batch usually generalises better (smaller gap), large batch slightly worse</source>
        <translation>小 batch size 通常泛化更好（差距更小），大 batch size 稍差</translation>
    </message>
    <message>
        <source>common batch sizes are 32, 64, 128, 256</source>
        <translation>常用的 batch size 是 32、64、128、256</translation>
    </message>
    <message>
        <source>agrees</source>
        <translation>相符</translation>
    </message>
    <message>
        <source>disagrees</source>
        <translation>不符</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <source>The map is the full training loss L(w, b) of ŷ = w·x + b: each contour has twice the excess loss of the one inside it, and ★ is the minimum. Every dot is one optimizer.step(). Above α = 1/λ_max plain SGD overshoots across the narrow valley and zig-zags; momentum β damps the zig-zag and keeps rolling along the valley floor, and a small batch adds noise around the full-batch path.</source>
        <translation>图中是 ŷ&#xa0;=&#xa0;w·x + b 在整个训练集上的损失 L(w, b)：每条等高线的超额损失是它内侧那条的两倍，★ 是最小值。每个点是一次 optimizer.step()。α 超过 1/λ_max 时，普通 SGD 在狭窄的山谷两侧冲过头、来回震荡；动量 β 抑制震荡，沿谷底继续滚动；小 batch size 则在全批量路径周围加上噪声。</translation>
    </message>
    <message>
        <source>w (weight)</source>
        <translation>w（权重）</translation>
    </message>
    <message>
        <source>b (bias)</source>
        <translation>b（偏置）</translation>
    </message>
    <message>
        <source>Clear paths</source>
        <translation>清除路径</translation>
    </message>
    <message>
        <source>Remove the paths of the current and earlier runs</source>
        <translation>清除当前和之前各次运行的路径</translation>
    </message>
    <message>
        <source>current run</source>
        <translation>当前运行</translation>
    </message>
    <message>
        <source>minimum (w*, b*) = ({0:.3g}, {1:.3g})</source>
        <translation>最小值 (w*, b*)&#xa0;=&#xa0;({0:.3g}, {1:.3g})</translation>
    </message>
    <message>
        <source>start ({0:.3g}, {1:.3g})</source>
        <translation>起点 ({0:.3g}, {1:.3g})</translation>
    </message>
    <message>
        <source>Loss landscape L(w, b)</source>
        <translation>损失曲面 L(w, b)</translation>
    </message>
    <message>
        <source>The map is the full training loss L(w, b) of ŷ = w·x₁ + w²·x₂ + b, which is not convex: a shallow basin (☆) near the start □ and a deeper one (★) beyond a saddle. Each contour has twice the excess loss of the one inside it. Every dot is one optimizer.step(): a large batch stays close to the full-batch path, which settles in the near basin; a small batch&apos;s noisier steps can carry it over the saddle (the batch-size lab measures how often).</source>
        <translation>地图是 ŷ&#xa0;=&#xa0;w·x₁ + w²·x₂ + b 的完整训练损失 L(w, b)，它不是凸的：起点 □ 附近有一个浅盆地（☆），鞍点另一侧有一个更深的盆地（★）。每条等高线的超出损失是其内侧那条的两倍。每个点是一次 optimizer.step()：大 batch size 贴近全批路径，而全批路径停在近处的盆地；小 batch size 噪声更大的步子可能把它带过鞍点（batch size 实验室会测量这种情况有多常见）。</translation>
    </message>
    <message>
        <source>deeper minimum ({0:.3g}, {1:.3g}), L = {2:.4g}</source>
        <translation>较深极小值 ({0:.3g}, {1:.3g})，L&#xa0;=&#xa0;{2:.4g}</translation>
    </message>
    <message>
        <source>shallow minimum ({0:.3g}, {1:.3g}), L = {2:.4g}</source>
        <translation>浅极小值 ({0:.3g}, {1:.3g})，L&#xa0;=&#xa0;{2:.4g}</translation>
    </message>
    <message>
        <source>λ_max of the Hessian: — (no data yet)</source>
        <translation>Hessian 的 λ_max：—（还没有数据）</translation>
    </message>
    <message>
        <source>Hessian eigenvalues λ_max&#xa0;=&#xa0;{0:.4g}, λ_min&#xa0;=&#xa0;{1:.4g}; 1/λ_max&#xa0;=&#xa0;{2:.4g}.</source>
        <translation>Hessian 特征值 λ_max&#xa0;=&#xa0;{0:.4g}，λ_min&#xa0;=&#xa0;{1:.4g}；1/λ_max&#xa0;=&#xa0;{2:.4g}。</translation>
    </message>
    <message>
        <source>No fixed stability bound: {0}.</source>
        <translation>没有固定的稳定性上界：{0}。</translation>
    </message>
    <message>
        <source>{0}: full-batch steps converge only when {1}, i.e. α&#xa0;&lt;&#xa0;{2:.4g} for β&#xa0;=&#xa0;{3:.3g}; your α&#xa0;=&#xa0;{4:.4g} is {5:.0%} of it.</source>
        <translation>{0}：全批量更新只在 {1} 时收敛，即 β&#xa0;=&#xa0;{3:.3g} 时 α&#xa0;&lt;&#xa0;{2:.4g}；你的 α&#xa0;=&#xa0;{4:.4g} 是它的 {5:.0%}。</translation>
    </message>
    <message>
        <source>⚠ α = {0:.4g} is past the critical learning rate {1:.4g} ({2}): each full-batch step overshoots further than the last and the run diverges. Lower α.</source>
        <translation>⚠ α&#xa0;=&#xa0;{0:.4g} 超过了临界学习率 {1:.4g}（{2}）：每一步全批量更新都比上一步冲得更远，运行发散。请降低 α。</translation>
    </message>
    <message>
        <source>One basin only: minimum L = {0:.4g}.</source>
        <translation>只有一个盆地：最小值 L&#xa0;=&#xa0;{0:.4g}。</translation>
    </message>
    <message>
        <source>Not convex: a shallow basin (L&#xa0;=&#xa0;{0:.4g} at w&#xa0;=&#xa0;{1:.3g}) near the start and a deeper one (L&#xa0;=&#xa0;{2:.4g} at w&#xa0;=&#xa0;{3:.3g}), with a saddle between them at w&#xa0;=&#xa0;{4:.3g} (L&#xa0;=&#xa0;{5:.4g}, a barrier of {6:.3g} above the shallow minimum). Train several batch sizes from the same start to compare their paths.</source>
        <translation>非凸：起点附近有一个浅盆地（w&#xa0;=&#xa0;{1:.3g} 处 L&#xa0;=&#xa0;{0:.4g}），更远处有一个更深的盆地（w&#xa0;=&#xa0;{3:.3g} 处 L&#xa0;=&#xa0;{2:.4g}），两者之间的鞍点在 w&#xa0;=&#xa0;{4:.3g}（L&#xa0;=&#xa0;{5:.4g}，比浅极小值高出 {6:.3g} 的势垒）。从同一起点用几个 batch size 训练，比较它们的路径。</translation>
    </message>
    <message>
        <source>The landscape map needs a two-parameter model: choose dataset ‘Line y = 2x − 1’ with model ‘Linear regression’, or dataset ‘Two basins’.</source>
        <translation>损失地形图需要两参数模型：选择数据集“直线 y&#xa0;=&#xa0;2x − 1”和模型“线性回归”，或选择数据集“双盆地”。</translation>
    </message>
    <message>
        <source>w = {0:.3f}, b = {1:.3f}: loss L = {2:.4g}</source>
        <translation>w&#xa0;=&#xa0;{0:.3f}，b&#xa0;=&#xa0;{1:.3f}：损失 L&#xa0;=&#xa0;{2:.4g}</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>Mini-batch loss at every optimizer.step()</source>
        <translation>每次 optimizer.step() 的小批量损失</translation>
    </message>
    <message>
        <source>mini-batch loss</source>
        <translation>小批量损失</translation>
    </message>
    <message>
        <source>smoothed (EMA)</source>
        <translation>平滑（指数移动平均）</translation>
    </message>
    <message>
        <source>worker {0}</source>
        <translation>工作进程 {0}</translation>
    </message>
    <message>
        <source>learning rate α (right axis)</source>
        <translation>学习率 α（右侧坐标轴）</translation>
    </message>
    <message>
        <source>learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <source>epoch {0}</source>
        <translation>轮次 {0}</translation>
    </message>
    <message>
        <source>mini-batch loss, mean over {0} workers</source>
        <translation>小批量损失，{0} 个工作进程的平均</translation>
    </message>
    <message>
        <source>cross-entropy, nats</source>
        <translation>交叉熵，奈特</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>{0}; log scale: the loss blew up</source>
        <translation>{0}；对数刻度：损失爆炸了</translation>
    </message>
    <message>
        <source>{0}, log scale</source>
        <translation>{0}，对数刻度</translation>
    </message>
    <message>
        <source>loss ({0})</source>
        <translation>损失（{0}）</translation>
    </message>
    <message>
        <source>epoch (fractional: step / iterations per epoch)</source>
        <translation>轮次（小数：步数 / 每个轮次的迭代次数）</translation>
    </message>
    <message>
        <source>optimizer.step() (global step)</source>
        <translation>optimizer.step()（总步数）</translation>
    </message>
    <message>
        <source>step {0:,} · epoch {1}, iteration {2}/{3} · loss {4:.4g} · smoothed {5:.4g}</source>
        <translation>第 {0:,} 步 · 轮次 {1}，迭代 {2}/{3} · 损失 {4:.4g} · 平滑 {5:.4g}</translation>
    </message>
</context>
<context>
    <name>LossSurface</name>
    <message>
        <source>past the stability bound {0:.4g} of {1}, {2}: full-batch steps diverge</source>
        <translation>超过了{1}的稳定性上界 {0:.4g}（{2}）：全批量更新会发散</translation>
    </message>
    <message>
        <source>No instant path for {0}: it is drawn for SGD only (momentum, dampening, Nesterov, weight decay, the lr schedule), whose full-batch steps follow from the gradient alone.</source>
        <translation>{0} 没有即时路径：它只为 SGD 绘制（动量、阻尼、Nesterov、权重衰减、学习率调度），因为 SGD 的全批量步只由梯度决定。</translation>
    </message>
    <message>
        <source>full-batch path of α&#xa0;=&#xa0;{0:g}, β&#xa0;=&#xa0;{1:g} from □: it diverges within {2} steps</source>
        <translation>α&#xa0;=&#xa0;{0:g}、β&#xa0;=&#xa0;{1:g} 从 □ 出发的全批量路径：{2} 步之内发散</translation>
    </message>
    <message>
        <source>full-batch path of α&#xa0;=&#xa0;{0:g}, β&#xa0;=&#xa0;{1:g} from □: the next {2} steps, redrawn as you change α or β</source>
        <translation>α&#xa0;=&#xa0;{0:g}、β&#xa0;=&#xa0;{1:g} 从 □ 出发的全批量路径：接下来的 {2} 步，改变 α 或 β 时立即重画</translation>
    </message>
    <message>
        <source>α = {0:g}, β = {1:g}, batch {2}</source>
        <translation>α&#xa0;=&#xa0;{0:g}，β&#xa0;=&#xa0;{1:g}，batch size {2}</translation>
    </message>
    <message>
        <source>{0} on {1}, after {2} steps</source>
        <translation>{1} 上的 {0}，训练了 {2} 步</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SGD Lab — mini-batch gradient descent, step by step</source>
        <translation>SGD Lab —— 小批量梯度下降，一步一步看</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Step inspector: what optimizer.step() did</source>
        <translation>单步检查器：optimizer.step() 做了什么</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>Momentum forms</source>
        <translation>两种动量形式</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Batch-size lab</source>
        <translation>batch size 实验室</translation>
    </message>
    <message>
        <source>Epoch map</source>
        <translation>轮次地图</translation>
    </message>
    <message>
        <source>Mini-batch</source>
        <translation>小批量</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Cannot start: {0}</source>
        <translation>无法开始：{0}</translation>
    </message>
    <message>
        <source>Taking one optimizer.step()…</source>
        <translation>正在执行一次 optimizer.step()……</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>not applied: {0}</source>
        <translation>未生效：{0}</translation>
    </message>
</context>
<context>
    <name>RunActions</name>
    <message>
        <source>max speed</source>
        <translation>最快速度</translation>
    </message>
    <message>
        <source>1 step/s</source>
        <translation>每秒 1 步</translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>每秒 %1 步</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;tep</source>
        <translation>单步(&amp;T)</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>重置(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Compare momentum forms</source>
        <translation>比较两种动量形式(&amp;C)</translation>
    </message>
    <message>
        <source>S&amp;weep…</source>
        <translation>扫描(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Cancel sweep</source>
        <translation>取消扫描(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Batch-size lab…</source>
        <translation>batch size 实验室(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Faster</source>
        <translation>加快(&amp;F)</translation>
    </message>
    <message>
        <source>S&amp;lower</source>
        <translation>放慢(&amp;L)</translation>
    </message>
    <message>
        <source>Train with these settings</source>
        <translation>用这些设置训练</translation>
    </message>
    <message>
        <source>Pause or resume between batches</source>
        <translation>在两个批之间暂停或继续</translation>
    </message>
    <message>
        <source>Exactly one optimizer.step(), then pause</source>
        <translation>只执行一次 optimizer.step()，然后暂停</translation>
    </message>
    <message>
        <source>End the run; its history is kept</source>
        <translation>结束运行；保留其记录</translation>
    </message>
    <message>
        <source>Clear the plots and the counter</source>
        <translation>清空曲线和计数器</translation>
    </message>
    <message>
        <source>Pace:</source>
        <translation>速度：</translation>
    </message>
    <message>
        <source>How many optimizer.step() calls a second (Run → Faster, Ctrl+]; Slower, Ctrl+[). Up to 50 a second every view shows every step; faster, the views show the latest step 30 times a second (10 at max speed). Pause, Step and Stop answer at once at any pace; a sweep, the momentum forms and the lab always run at full speed.</source>
        <translation>每秒调用多少次 optimizer.step()（运行 → 加快，Ctrl+]；放慢，Ctrl+[）。每秒不超过 50 次时，每个视图显示每一步；更快时，视图每秒显示 30 次最新的一步（最快速度时 10 次）。任何速度下，“暂停”“单步”“停止”都立即响应；扫描、动量形式比较和实验室总是以最快速度运行。</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>继续(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Data-parallel workers cannot pause or step: the K processes go on together, as fast as they can, until the run ends or Stop</source>
        <translation>数据并行工作进程不能暂停或单步：K 个进程一起全速运行，直到运行结束或按“停止”</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>MSE</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>error</source>
        <translation>出错</translation>
    </message>
    <message>
        <source>x axis:</source>
        <translation>横轴：</translation>
    </message>
    <message>
        <source>The same runs against optimizer steps, epochs, samples seen or seconds: a small batch takes more steps per epoch, so it looks fast per epoch and slow per step.</source>
        <translation>把同样的几次运行按优化步、轮次、已见样本数或秒数来比较：小 batch size 每个轮次走的步数更多，所以按轮次看显得快，按步看显得慢。</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>samples seen</source>
        <translation>已见样本数</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>y axis:</source>
        <translation>纵轴：</translation>
    </message>
    <message>
        <source>mini-batch loss (smoothed)</source>
        <translation>小批量损失（平滑）</translation>
    </message>
    <message>
        <source>mini-batch loss (raw)</source>
        <translation>小批量损失（原始）</translation>
    </message>
    <message>
        <source>validation loss (per epoch)</source>
        <translation>验证损失（每个轮次）</translation>
    </message>
    <message>
        <source>validation accuracy (per epoch)</source>
        <translation>验证准确率（每个轮次）</translation>
    </message>
    <message>
        <source>log y</source>
        <translation>纵轴取对数</translation>
    </message>
    <message>
        <source>only the last sweep</source>
        <translation>只看最后一次扫描</translation>
    </message>
    <message>
        <source>Draw the last sweep&apos;s runs alone, on axes of their own</source>
        <translation>只绘制最后一次扫描的运行，使用它们自己的坐标轴</translation>
    </message>
    <message>
        <source>Finished and stopped runs appear here. Train a few, or use Sweep…</source>
        <translation>已完成和已停止的运行会显示在这里。先训练几次，或使用“扫描…”</translation>
    </message>
    <message>
        <source>Tick a run to draw it; double-click or F2 renames it; Delete removes it.</source>
        <translation>勾选一次运行即可绘制它；双击或按 F2 重命名；按 Delete 删除。</translation>
    </message>
    <message>
        <source>Sweep…</source>
        <translation>扫描…</translation>
    </message>
    <message>
        <source>Train the current settings for several batch sizes, α or β, one after another</source>
        <translation>用当前设置依次训练几个不同的 batch size、α 或 β</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Draw all</source>
        <translation>全部绘制</translation>
    </message>
    <message>
        <source>Draw none</source>
        <translation>全部隐藏</translation>
    </message>
    <message>
        <source>Cancel sweep</source>
        <translation>取消扫描</translation>
    </message>
    <message>
        <source>Runs kept</source>
        <translation>保留的运行</translation>
    </message>
    <message>
        <source>{0} on {1}, {2} training samples, {3} epochs, seed {4}: {5}</source>
        <translation>{1} 上的 {0}，{2} 个训练样本，{3} 个轮次，随机种子 {4}：{5}</translation>
    </message>
    <message>
        <source>{0} loss. {1}</source>
        <translation>{0}损失。{1}</translation>
    </message>
    <message>
        <source>optimizer.step()</source>
        <translation>optimizer.step()</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>training time (s)</source>
        <translation>训练时间（秒）</translation>
    </message>
    <message>
        <source>mini-batch loss (EMA {0})</source>
        <translation>小批量损失（指数移动平均 {0}）</translation>
    </message>
    <message>
        <source>mini-batch loss</source>
        <translation>小批量损失</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>{0}, {1}</source>
        <translation>{0}，{1}</translation>
    </message>
    <message>
        <source>The runs drawn mix {0} losses: their values are in different units and cannot be compared. Draw one kind at a time.</source>
        <translation>所绘制的运行混合了{0}损失：它们的数值单位不同，无法相互比较。请一次只绘制一种。</translation>
    </message>
    <message>
        <source> and </source>
        <translation>和</translation>
    </message>
    <message>
        <source>The runs compared</source>
        <translation>运行的比较</translation>
    </message>
    <message>
        <source>sweep: {0} of {1} runs done</source>
        <translation>扫描：已完成 {0}/{1} 次运行</translation>
    </message>
    <message>
        <source>Sweep run {0} of {1}: batch {2}, α = {3:g}, β = {4:g}</source>
        <translation>扫描第 {0}/{1} 次运行：batch size {2}，α&#xa0;=&#xa0;{3:g}，β&#xa0;=&#xa0;{4:g}</translation>
    </message>
    <message>
        <source>Sweep finished: {0} runs in the list.</source>
        <translation>扫描已完成：列表中有 {0} 次运行。</translation>
    </message>
    <message>
        <source>Sweep cancelled after {0} runs; they stay in the list.</source>
        <translation>扫描在 {0} 次运行后取消；它们保留在列表中。</translation>
    </message>
    <message>
        <source>Sweep ended: a run could not start after {0} runs.</source>
        <translation>扫描结束：在 {0} 次运行后有一次运行无法开始。</translation>
    </message>
</context>
<context>
    <name>SlicePanel</name>
    <message>
        <source>Train a model first.</source>
        <translation>请先训练一个模型。</translation>
    </message>
    <message>
        <source>A model with many parameters has no map you can draw, but a slice of it you can: the loss at θ* + a·d₁ + b·d₂ around the trained weights θ*, along two random directions scaled to each row of W (filter-normalised, Li et al. 2018). A wide, flat basin around ★ is what SGD&apos;s noise tends to find. (The two-parameter model on ‘Line y = 2x − 1’ gets the exact map with the path of every step.)</source>
        <translation>参数很多的模型画不出完整的损失曲面，但可以画出它的一个切面：在训练好的权重 θ* 周围、沿两个按 W 的每一行缩放的随机方向（滤波器归一化，Li 等人 2018）的损失 θ* + a·d₁ + b·d₂。SGD 的噪声往往会找到 ★ 周围宽而平的盆地。（“直线 y&#xa0;=&#xa0;2x − 1”上的两参数模型有精确的损失曲面和每一步的路径。）</translation>
    </message>
    <message>
        <source>Map the loss around the trained weights</source>
        <translation>绘制训练好的权重周围的损失</translation>
    </message>
    <message>
        <source>a (along d₁)</source>
        <translation>a（沿 d₁）</translation>
    </message>
    <message>
        <source>b (along d₂)</source>
        <translation>b（沿 d₂）</translation>
    </message>
    <message>
        <source>log₁₀ loss</source>
        <translation>log₁₀ 损失</translation>
    </message>
    <message>
        <source>Slice of the loss around the trained weights</source>
        <translation>训练后权重附近的损失切面</translation>
    </message>
    <message>
        <source>Ready: {0}</source>
        <translation>就绪：{0}</translation>
    </message>
    <message>
        <source>Computing {0} × {0} losses on a worker thread…</source>
        <translation>正在工作线程上计算 {0} × {0} 个损失值……</translation>
    </message>
    <message>
        <source>Loss at ★ (the trained weights): {0:.4g}; from {1:.4g} to {2:.4g} on the slice.</source>
        <translation>★ 处（训练好的权重）的损失：{0:.4g}；切面上从 {1:.4g} 到 {2:.4g}。</translation>
    </message>
    <message>
        <source>The slice failed: {0}</source>
        <translation>切面计算失败：{0}</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <source>Preparing the data and the model…</source>
        <translation>正在准备数据和模型……</translation>
    </message>
    <message>
        <source>Ready. Set the hyperparameters and press Start (F5), or Step (F10).</source>
        <translation>就绪。设置超参数，然后按“开始”（F5）或“单步”（F10）。</translation>
    </message>
    <message>
        <source>Pausing before the next batch…</source>
        <translation>将在下一个批之前暂停……</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>将在当前批之后停止……</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>训练中……</translation>
    </message>
    <message>
        <source>Training {0} on {1}: {2} training samples, batch {3}, on {4}</source>
        <translation>在 {1} 上训练 {0}：{2} 个训练样本，batch size {3}，设备 {4}</translation>
    </message>
    <message>
        <source>Paused after step {0}. Step (F10) takes one optimizer.step(); Resume (F6) goes on.</source>
        <translation>在第 {0} 步后暂停。“单步”（F10）执行一次 optimizer.step()；“继续”（F6）接着训练。</translation>
    </message>
    <message>
        <source>{0}. The loss left the range of floating-point numbers; the plots keep the finite steps. Try a smaller learning rate α.</source>
        <translation>{0}。损失超出了浮点数的范围；曲线保留有限值的各步。请尝试更小的学习率 α。</translation>
    </message>
    <message>
        <source>The engine stopped with an error: {0}</source>
        <translation>训练引擎因错误而停止：{0}</translation>
    </message>
    <message>
        <source>Error: {0}</source>
        <translation>错误：{0}</translation>
    </message>
    <message>
        <source>{0}&#xa0;=&#xa0;{1:g} from the next step on</source>
        <translation>从下一步起 {0}&#xa0;=&#xa0;{1:g}</translation>
    </message>
    <message>
        <source>Compared PyTorch&apos;s SGD and the article&apos;s form: same seed, {0} schedule.</source>
        <translation>已比较 PyTorch 的 SGD 和文章的形式：相同的随机种子，学习率调度“{0}”。</translation>
    </message>
</context>
<context>
    <name>StepInspector</name>
    <message>
        <source>Every &lt;b&gt;optimizer.step()&lt;/b&gt; moves each parameter by a rule. Pick one entry of W or b and read what the last step did to it — the gradient g from &lt;b&gt;loss.backward()&lt;/b&gt;, the momentum buffer, and the value before and after — in the article&apos;s form and in PyTorch&apos;s. Press Step (F10) to walk through a run update by update, or click a step on the loss plot.</source>
        <translation>每次 &lt;b&gt;optimizer.step()&lt;/b&gt; 都按一条规则移动每个参数。选择 W 或 b 中的一项，看看上一步对它做了什么——来自 &lt;b&gt;loss.backward()&lt;/b&gt; 的梯度 g、动量缓冲区，以及更新前后的值——分别用文章的形式和 PyTorch 的形式表示。按“单步”（F10）逐次查看一次运行中的每一次更新，或在损失曲线上点击某一步。</translation>
    </message>
    <message>
        <source>Entry:</source>
        <translation>参数项：</translation>
    </message>
    <message>
        <source>Follow the last step</source>
        <translation>跟随最新一步</translation>
    </message>
    <message>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>What the step did</source>
        <translation>这一步做了什么</translation>
    </message>
    <message>
        <source>&lt;i&gt;Waiting for the first optimizer.step()…&lt;/i&gt;</source>
        <translation>&lt;i&gt;等待第一次 optimizer.step()……&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;No step to show yet: press Start (F5), or Step (F10) for one optimizer.step().&lt;/i&gt;</source>
        <translation>&lt;i&gt;还没有可显示的步：按“开始”（F5），或按“单步”（F10）执行一次 optimizer.step()。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>shape {0}</source>
        <translation>形状 {0}</translation>
    </message>
    <message>
        <source>a scalar</source>
        <translation>标量</translation>
    </message>
    <message>
        <source>&lt;p&gt;{0} data-parallel workers train in their own processes, and the step inspector reads an optimizer.step() in this one: set &lt;b&gt;Data-parallel workers K&lt;/b&gt; to 1 to read each step.&lt;/p&gt;</source>
        <translation>&lt;p&gt;{0} 个数据并行工作进程在各自的进程中训练，而单步检查器读取的是本进程中的 optimizer.step()：把&lt;b&gt;数据并行工作进程 K&lt;/b&gt; 设为 1，即可读取每一步。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>recorded from step {0} on</source>
        <translation>从第 {0} 步起记录</translation>
    </message>
    <message>
        <source>recorded from the next step on</source>
        <translation>从下一步起记录</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; was not watched at step {1} ({2}).&lt;/p&gt;</source>
        <translation>&lt;p&gt;第 {1} 步时没有记录 &lt;b&gt;{0}&lt;/b&gt;（{2}）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Step {0:,}&lt;/b&gt; — epoch {1}, iteration {2}/{3} · mini-batch loss {4} · α = {5} · β = {6}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;第 {0:,} 步&lt;/b&gt; —— 轮次 {1}，迭代 {2}/{3} · 小批量损失 {4} · α&#xa0;=&#xa0;{5} · β&#xa0;=&#xa0;{6}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;g = ∂L/∂{0} = &lt;b&gt;{1}&lt;/b&gt;{2}&lt;/p&gt;</source>
        <translation>&lt;p&gt;g&#xa0;=&#xa0;∂L/∂{0}&#xa0;=&#xa0;&lt;b&gt;{1}&lt;/b&gt;{2}&lt;/p&gt;</translation>
    </message>
    <message>
        <source> (with weight decay λ·θ added)</source>
        <translation>（已加上权重衰减 λ·θ）</translation>
    </message>
    <message>
        <source>Whole model: ‖g‖ = {0} · ‖Δθ‖ = {1} · ‖{2}‖ = {3}</source>
        <translation>整个模型：‖g‖&#xa0;=&#xa0;{0} · ‖Δθ‖&#xa0;=&#xa0;{1} · ‖{2}‖&#xa0;=&#xa0;{3}</translation>
    </message>
    <message>
        <source>&lt;p&gt;{0} keeps its own running statistics, so its update is not the article&apos;s formula:&lt;/p&gt;&lt;p&gt;{1}: {2} → {3}, a change Δθ = {4} (plain SGD would have moved by −α·g = {5}).&lt;/p&gt;</source>
        <translation>&lt;p&gt;{0} 维护自己的滑动统计量，所以它的更新不是文章中的公式：&lt;/p&gt;&lt;p&gt;{1}：{2} → {3}，变化 Δθ&#xa0;=&#xa0;{4}（普通 SGD 会移动 −α·g&#xa0;=&#xa0;{5}）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Plain SGD (β = 0): both forms are the article&apos;s &lt;b&gt;W ← W − α·∂L/∂W&lt;/b&gt;:&lt;/p&gt;&lt;p&gt;{0} ← {1} − {2} × {3} = &lt;b&gt;{4}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;普通 SGD（β&#xa0;=&#xa0;0）：两种形式都是文章中的 &lt;b&gt;W ← W − α·∂L/∂W&lt;/b&gt;：&lt;/p&gt;&lt;p&gt;{0} ← {1} − {2} × {3}&#xa0;=&#xa0;&lt;b&gt;{4}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>PyTorch&apos;s b</source>
        <translation>PyTorch 的 b</translation>
    </message>
    <message>
        <source>the article&apos;s v</source>
        <translation>文章的 v</translation>
    </message>
    <message>
        <source>&lt;p&gt;α = 0 at this step, so θ does not move; PyTorch&apos;s b cannot be read back from the article&apos;s v through v = −α·b. The engine recorded {0}.&lt;/p&gt;</source>
        <translation>&lt;p&gt;这一步 α&#xa0;=&#xa0;0，θ 不动；无法通过 v&#xa0;=&#xa0;−α·b 从文章的 v 反推出 PyTorch 的 b。引擎记录的是{0}。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The same update: v = −α·b → {0} = −{1} × {2} ✓ (difference {3:.1e}). The engine recorded {4}; the other form follows from it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;同一个更新：v&#xa0;=&#xa0;−α·b → {0}&#xa0;=&#xa0;−{1} × {2} ✓（差值 {3:.1e}）。引擎记录的是{4}；另一种形式由它推出。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The article (v is the velocity)</source>
        <translation>文章（v 是速度）</translation>
    </message>
    <message>
        <source>PyTorch torch.optim.SGD (b is the momentum buffer)</source>
        <translation>PyTorch torch.optim.SGD（b 是动量缓冲区）</translation>
    </message>
</context>
<context>
    <name>SweepDialog</name>
    <message>
        <source>Sweep a hyperparameter</source>
        <translation>扫描一个超参数</translation>
    </message>
    <message>
        <source>Trains the current settings once per value, one run after another, with the same model, data and seed. Each run joins the runs list as it finishes.</source>
        <translation>用当前设置对每个取值各训练一次，依次运行，模型、数据和随机种子都相同。每次运行完成后加入运行记录列表。</translation>
    </message>
    <message>
        <source>batch size B</source>
        <translation>batch size B</translation>
    </message>
    <message>
        <source>learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <source>momentum β</source>
        <translation>动量 β</translation>
    </message>
    <message>
        <source>comma-separated values</source>
        <translation>用逗号分隔的取值</translation>
    </message>
    <message>
        <source>linear-scaling rule: α × B / {0} (Goyal et al. 2017)</source>
        <translation>线性缩放规则：α × B / {0}（Goyal 等人 2017）</translation>
    </message>
    <message>
        <source>&amp;Hyperparameter</source>
        <translation>超参数(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Values</source>
        <translation>取值(&amp;V)</translation>
    </message>
    <message>
        <source>Start sweep</source>
        <translation>开始扫描</translation>
    </message>
</context>
<context>
    <name>TrainingView</name>
    <message>
        <source>x axis:</source>
        <translation>横轴：</translation>
    </message>
    <message>
        <source>optimizer step</source>
        <translation>优化步</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>log-scale loss</source>
        <translation>损失取对数刻度</translation>
    </message>
    <message>
        <source>each worker</source>
        <translation>每个工作进程</translation>
    </message>
    <message>
        <source>K data-parallel workers: the plot shows the mean of their mini-batch losses at every step (the loss of the global batch); checked, each worker&apos;s own loss too</source>
        <translation>K 个数据并行工作进程：曲线显示每一步它们的小批量损失的平均（全局批的损失）；勾选后也显示每个工作进程自己的损失</translation>
    </message>
    <message>
        <source>smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <source>Bias-corrected exponential moving average, as TensorBoard draws it: s ← w·s + (1 − w)·loss</source>
        <translation>带偏差校正的指数移动平均，与 TensorBoard 的画法相同：s ← w·s + (1 − w)·损失</translation>
    </message>
</context>
<context>
    <name>WeightsView</name>
    <message>
        <source>The first layer&apos;s weights as images</source>
        <translation>第一层的权重图像</translation>
    </message>
    <message>
        <source>Each image is one hidden unit&apos;s row of W1, numbered from 1: the pattern of pixels that unit responds to. Red: a bright pixel there raises the unit&apos;s input; blue: it lowers it; the middle colour: 0.</source>
        <translation>每张图像是 W1 中一个隐藏单元的一行（从 1 开始编号）：这个单元所响应的像素图案。红色：那里的亮像素会提高该单元的输入；蓝色：会降低它；中间色：0。</translation>
    </message>
    <message>
        <source>Each image is one class&apos;s row of W: the template the model learned for it. The class&apos;s score is this row times the image&apos;s pixels, plus b. Red: a bright pixel there raises the score; blue: it lowers it; the middle colour: 0.</source>
        <translation>每张图像是 W 中一个类别的一行：模型为这个类别学到的模板。该类别的得分是这一行乘以图像的像素再加上 b。红色：那里的亮像素会提高得分；蓝色：会降低得分；中间色：0。</translation>
    </message>
    <message>
        <source>{0} data-parallel workers train in their own processes: this view draws the weights of a run in one process (workers 1).</source>
        <translation>{0} 个数据并行工作进程在各自的进程中训练：这个视图只画单进程运行的权重（工作进程 1）。</translation>
    </message>
    <message>
        <source>Press Start (F5) or Step (F10): the first {0} rows of W1 (one per hidden unit) will appear here as {1}×{2} images, changing as the model learns.</source>
        <translation>按“开始”（F5）或“单步”（F10）：W1 的前 {0} 行（每个隐藏单元一行）会以 {1}×{2} 的图像显示在这里，并随着模型学习而变化。</translation>
    </message>
    <message>
        <source>Press Start (F5) or Step (F10): the rows of W (one per class) will appear here as {0}×{1} images, changing as the model learns.</source>
        <translation>按“开始”（F5）或“单步”（F10）：W 的各行（每个类别一行）会以 {0}×{1} 的图像显示在这里，并随着模型学习而变化。</translation>
    </message>
    <message>
        <source>This view draws the first layer&apos;s weights as pictures when each sample is an image (MNIST-sized digits, the 8×8 digits, an imported MNIST): softmax regression&apos;s rows of W, the MLP&apos;s first 64 hidden units. For {0} with {1} there are none to draw; the step inspector shows any single weight.</source>
        <translation>当每个样本都是图像（MNIST 规模的数字、8×8 手写数字、导入的 MNIST）时，这个视图把第一层的权重画成图像：softmax 回归的 W 各行，MLP 的前 64 个隐藏单元。{0} 配 {1} 时没有可画的；单步检查器可以显示任意一个权重。</translation>
    </message>
    <message>
        <source>After step {0} (epoch {1}, batch {2} of {3})</source>
        <translation>第 {0} 步之后（轮次 {1}，第 {2}/{3} 批）</translation>
    </message>
    <message>
        <source>the first {0} of {1} rows of W1</source>
        <translation>W1 的 {1} 行中的前 {0} 行</translation>
    </message>
    <message>
        <source>the {0} rows of W1</source>
        <translation>W1 的 {0} 行</translation>
    </message>
    <message>
        <source>w</source>
        <translation>w</translation>
    </message>
    <message>
        <source>the {0} rows of W</source>
        <translation>W 的 {0} 行</translation>
    </message>
    <message>
        <source>{0}: {1}; colours ±{2}</source>
        <translation>{0}：{1}；颜色范围 ±{2}</translation>
    </message>
    <message>
        <source>A run read from a file keeps no weights to draw: start a run to see them change.</source>
        <translation>从文件读取的运行没有可画的权重：开始一次运行即可看到它们的变化。</translation>
    </message>
    <message>
        <source>Waiting for the first optimizer.step()…</source>
        <translation>等待第一次 optimizer.step()…</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>About SGD Lab</source>
        <translation>关于 SGD Lab</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>R&amp;uns</source>
        <translation>运行记录(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>SGD Lab &amp;help</source>
        <translation>SGD Lab 帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About SGD Lab</source>
        <translation>关于 SGD Lab(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>WindowPreferences</name>
    <message>
        <source>Defaults restored: the article&apos;s example, 60,000 samples / batch 64 → 938 iterations per epoch.</source>
        <translation>已恢复默认设置：文章的例子，60,000 个样本 / batch size 64 → 每个轮次 938 次迭代。</translation>
    </message>
    <message>
        <source>Preset “{0}”: {1}</source>
        <translation>预设“{0}”：{1}</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Restore defaults</source>
        <translation>恢复默认设置(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The compiled translations are missing; run “make translations”. Staying in English.</source>
        <translation>缺少编译好的翻译文件；请运行“make translations”。界面保持英文。</translation>
    </message>
</context>
</TS>
